"""What every flow works with: the understood turn, the context, and the outcome it returns."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dialogues.content import Content
from dialogues.dates import format_date
from dialogues.i18n import current_language
from dialogues.memory import in_memory_services
from dialogues.messages import Attachment, Button, Reply
from dialogues.rules.common import DEFAULT_TIMEZONE, today_in
from dialogues.services import Services
from dialogues.state import Conversation
from dialogues.timezones import is_zone
from nlu import Entity, Language, Program, is_followup


def to_program(value: object) -> Program | None:
    """Return the program a code names (`"JHT"`), or None for anything else."""
    return Program(value) if isinstance(value, str) and value in Program.__members__ else None


@dataclass(frozen=True, slots=True)
class Turn:
    """One user message as the engine understood it; `channel` and `user_id` say whose."""

    text: str
    intent: str
    confidence: float
    language: Language
    now: datetime
    entities: tuple[Entity, ...] = ()
    from_button: bool = False
    channel: str = ""
    user_id: str = ""
    attachments: tuple[Attachment, ...] = ()

    def entity(self, name: str) -> str | None:
        """Return the first value of an entity, if the message has one."""
        return next((e.value for e in self.entities if e.entity == name), None)

    @property
    def is_follow_up(self) -> bool:
        """Whether the message only names a program, maybe with follow-up words ("kalau JKM?")."""
        return self._only_names_programs() or is_followup(self.text)

    def _only_names_programs(self) -> bool:
        spans = sorted((e.start, e.end) for e in self.entities if e.entity == "program")
        if not spans or any(end <= start for start, end in spans):
            return False
        rest, cursor = [], 0
        for start, end in spans:
            rest.append(self.text[cursor:start])
            cursor = end
        rest.append(self.text[cursor:])
        return not any(ch.isalnum() for ch in "".join(rest))

    @property
    def program(self) -> Program | None:
        """Return the program the message names, if any."""
        return to_program(self.entity("program"))


@dataclass(frozen=True, slots=True)
class FlowContext:
    """What flows may use besides the turn and the conversation."""

    content: Content
    services: Services = field(default_factory=in_memory_services)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a flow decided: the replies to send and the conversation to store."""

    replies: tuple[Reply, ...]
    conversation: Conversation


Handler = Callable[[Turn, Conversation, FlowContext], Outcome | Awaitable[Outcome]]
"""Answers a turn that starts with an intent (async when it must ask a port)."""

StepHandler = Callable[
    [Turn, Conversation, FlowContext], Outcome | Awaitable[Outcome | None] | None
]
"""Continues an active flow; gives None when the turn is not an answer to its question."""

T = TypeVar("T")


async def settle(result: T | Awaitable[T]) -> T:
    """Return a handler's result, awaiting it when the handler was async."""
    if inspect.isawaitable(result):
        return await result
    return result


Reminder = Callable[[Conversation, FlowContext], Reply | None]
"""Asks a waiting flow's question again after the user asked something else in between;
None when the flow waits for nothing (a walkthrough that has given its result)."""


@dataclass(frozen=True, slots=True)
class Flow:
    """A multi-step flow as the engine sees it.

    `waits`: whether the flow keeps waiting for its answer when the user asks something else
    in between (a walkthrough does; a single question is dropped). `remind`: how a waiting
    flow asks its question again after the answer in between (see `flows.pausing`).
    """

    resume: StepHandler
    waits: bool
    remind: Reminder | None = None


def payload(intent: str, entities: Mapping[str, Any] | None = None) -> str:
    """Return a button payload in Rasa's form: `/intent{"entity": "value"}`."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(dict(entities), separators=(',', ':'))}"


def button(title: str, intent: str, **entities: Any) -> Button:
    """Return a button whose payload triggers `intent` with these entities."""
    return Button(title=title, payload=payload(intent, entities or None))


@dataclass(frozen=True, slots=True)
class Topic:
    """What the last answer was about, kept so follow-ups can reuse it."""

    intent: str
    program: Program | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_slot(self) -> dict[str, Any]:
        """Return the topic as a JSON-compatible slot value."""
        return {"intent": self.intent, "program": self.program.value if self.program else None}

    @classmethod
    def from_slot(cls, value: Any) -> Topic | None:
        """Rebuild a topic from its slot value."""
        if not isinstance(value, dict) or not isinstance(value.get("intent"), str):
            return None
        program = value.get("program")
        return cls(
            intent=value["intent"],
            program=to_program(program),
        )


def answer(
    key: str,
    conversation: Conversation,
    context: FlowContext,
    *,
    topic: Topic,
    buttons: tuple[Button, ...] = (),
) -> Outcome:
    """Reply with one answer from the content files and remember what it was about."""
    reply = context.content.get(key).reply(buttons=buttons)
    return Outcome((reply,), conversation.with_slots(topic=topic.as_slot()))


def user_today(turn: Turn, conversation: Conversation) -> date:
    """Return today's date where the user is: their stored time zone, else Jakarta's."""
    zone = conversation.slots.get("timezone")
    return today_in(zone if is_zone(zone) else None, turn.now)


def local_moment(moment: datetime, conversation: Conversation) -> str:
    """Return a moment as the user reads it: `21 November 2026, 16:15 WIB` (their time zone)."""
    zone = conversation.slots.get("timezone")
    try:
        local = moment.astimezone(ZoneInfo(zone if isinstance(zone, str) else DEFAULT_TIMEZONE))
    except (ZoneInfoNotFoundError, ValueError):
        local = moment.astimezone(ZoneInfo(DEFAULT_TIMEZONE))
    day = format_date(local.date(), current_language())
    return f"{day}, {local:%H:%M} {local.tzname()}"
