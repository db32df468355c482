"""The user's time zone, asked once: the country of work, with a button per usual placement.

A flow that needs the user's local time calls `ensure` first: with the `timezone` slot set it
returns None and the flow goes on; without it, it asks "which country do you work in now?"
(buttons for the usual placement countries and Indonesia, "other" to type a country or city)
and the request continues once answered. Either

- `then=<intent>`: the request is answered again with its entities (the JKP reminders, the
  eligibility check), by the handlers `flows/__init__.py` gives `resume_then`; or
- `then=None`: the flow active now is paused behind the question (`flows.pausing`) and asks
  its own question again afterwards.

The answer is stored as an IANA name in the `timezone` slot (`dialogues.timezones` reads
countries, cities, WIB/WITA/WIT and IANA names; what is asked, read and said:
`timezone_questions`). Nothing guesses it: not a +62 phone number,
not the language. "ganti zona waktu" / "change time zone", "saya pindah ke Taiwan" / "I moved
to Taiwan" and the buttons (`/change_language{"timezone": ...}`: the settings intent with a
`timezone` entity) change it at any point (`flows.COMMANDS`). "batal" leaves the question.
Diagram: `timezone.mmd` beside this file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dialogues.flows.base import FlowContext, Handler, Outcome, StepHandler, Turn, settle
from dialogues.flows.menu import main_menu
from dialogues.flows.pausing import MAX_PAUSED, PAUSED
from dialogues.flows.timezone_questions import (
    ASK,
    COUNTRY_QUESTION,
    INTENT,
    OTHER,
    TYPING_QUESTION,
    chosen_zone,
    confirmation,
    label,
    place_buttons,
    typed_change,
)
from dialogues.flows.walkthrough import Control, control_of, looks_elsewhere
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.state import Conversation
from dialogues.timezones import PLACEMENTS, is_zone
from nlu import Entity, Intent

FLOW = "timezone"
SLOT = "timezone"
"""The stored IANA time zone, read by every flow that needs the user's local time."""
ASKING = "timezone_asking"
"""While the question waits: the request to answer afterwards (`then`)."""
_NOT_KEPT = frozenset({"nik", "kpj", "control", "language", "timezone"})
_EDGE_ZONES = tuple(
    ZoneInfo(name)
    for name in {*(p.zone for p in PLACEMENTS), "Asia/Makassar", "Asia/Jayapura", "Asia/Dubai"}
)


class Step(StrEnum):
    """The question's two forms."""

    COUNTRY = "country"
    TYPING = "typing"


class Event(StrEnum):
    """What a user's message means to this flow."""

    ASKED = "asked"
    OTHER = "other"
    UNKNOWN = "unknown"
    CHOSEN = "chosen"
    CANCELLED = "cancelled"


# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.ASKED): Step.COUNTRY,
    (None, Event.OTHER): Step.TYPING,
    (None, Event.CHOSEN): None,
    (Step.COUNTRY, Event.ASKED): Step.COUNTRY,
    (Step.COUNTRY, Event.OTHER): Step.TYPING,
    (Step.COUNTRY, Event.UNKNOWN): Step.TYPING,
    (Step.COUNTRY, Event.CHOSEN): None,
    (Step.COUNTRY, Event.CANCELLED): None,
    (Step.TYPING, Event.ASKED): Step.COUNTRY,
    (Step.TYPING, Event.OTHER): Step.TYPING,
    (Step.TYPING, Event.UNKNOWN): Step.TYPING,
    (Step.TYPING, Event.CHOSEN): None,
    (Step.TYPING, Event.CANCELLED): None,
}


def known_zone(conversation: Conversation) -> str | None:
    """Return the user's time zone if it was given (and is still a zone this machine knows)."""
    value = conversation.slots.get(SLOT)
    return value if isinstance(value, str) and is_zone(value) else None


def local_today(turn: Turn, conversation: Conversation) -> date | None:
    """Return today's date where the user is, or None while their time zone is unknown."""
    zone = known_zone(conversation)
    return turn.now.astimezone(ZoneInfo(zone)).date() if zone else None


def date_is_uncertain(now: datetime) -> bool:
    """Whether "today" differs between the usual placements (Riyadh to Tokyo) at `now`.

    From 15:00 to 21:00 UTC it is already tomorrow in Seoul but still today in Riyadh: a
    decision "as of today" then needs the user's own zone.
    """
    return len({now.astimezone(zone).date() for zone in _EDGE_ZONES}) > 1


def _question(step: Step, before: str | None = None) -> Reply:
    text = str(TYPING_QUESTION if step == Step.TYPING else COUNTRY_QUESTION)
    return Reply(f"{before}\n\n{text}" if before else text, buttons=place_buttons())


def _go(conversation: Conversation, event: Event, slot: Mapping[str, Any]) -> Conversation:
    step = TRANSITIONS[(conversation.step_in(FLOW, Step), event)]
    if step is None:
        return conversation.leave(ASKING) if conversation.flow == FLOW else conversation
    return conversation.enter(FLOW, str(step), **{ASKING: dict(slot)})


def _ask(
    conversation: Conversation, event: Event, slot: Mapping[str, Any], before: str | None = None
) -> Outcome:
    after = _go(conversation, event, slot)
    return Outcome((_question(Step(str(after.step)), before),), after)


def _paused_behind(conversation: Conversation) -> Conversation:
    """Pause the flow active now (its question comes back after the answer)."""
    if conversation.flow is None or conversation.flow == FLOW:
        return conversation
    value = conversation.slots.get(PAUSED)
    paused = [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []
    paused = [*paused, {"flow": conversation.flow, "step": conversation.step}][-MAX_PAUSED:]
    return conversation.leave().with_slots(**{PAUSED: paused})


def _kept_entities(turn: Turn) -> dict[str, str]:
    return {e.entity: e.value for e in turn.entities if e.entity not in _NOT_KEPT}


def ensure(
    turn: Turn,
    conversation: Conversation,
    *,
    then: str | None = None,
    before: str | None = None,
) -> Outcome | None:
    """Return None when the user's time zone is known; else ask for it first.

    `then`: the intent to answer again once the zone is given (with the turn's entities);
    None pauses the flow active now, which asks its question again afterwards. `before` is
    said before the question (why it is asked).
    """
    if known_zone(conversation) is not None:
        return None
    slot = {"then": {"intent": then, "entities": _kept_entities(turn)}} if then else {}
    start = conversation if then else _paused_behind(conversation)
    if start.flow == FLOW:
        start = start.leave(ASKING)
    return _ask(start, Event.ASKED, slot, before)


def says_change(turn: Turn) -> bool:
    """Whether the message sets or changes the time zone (typed, or a `timezone` button)."""
    if turn.from_button:
        return turn.intent == INTENT and turn.entity("timezone") is not None
    return typed_change(turn.text)[0]


async def _set(
    zone: str,
    turn: Turn,
    conversation: Conversation,
    context: FlowContext,
    handlers: Mapping[Intent, Handler],
) -> Outcome:
    slot = conversation.mapping_slot(ASKING)
    after = _go(conversation, Event.CHOSEN, slot).with_slots(**{SLOT: zone})
    if conversation.flow != FLOW:
        after = _paused_behind(after)
    confirmed = confirmation(zone, turn.now)
    then_value = slot.get("then")
    then: dict[str, Any] = then_value if isinstance(then_value, dict) else {}
    intent = then.get("intent")
    handler = handlers.get(Intent(intent)) if intent in set(Intent) else None
    if handler is None:
        buttons = () if after.slots.get(PAUSED) else main_menu()
        return Outcome((Reply(confirmed, buttons=buttons),), after)
    raw = then.get("entities")
    entities = tuple(
        Entity(str(k), str(v), 0, 0) for k, v in (raw if isinstance(raw, dict) else {}).items()
    )
    request = replace(turn, text="", intent=str(intent), entities=entities, from_button=True)
    outcome = await settle(handler(request, after, context))
    return Outcome((Reply(confirmed), *outcome.replies), outcome.conversation)


def _stopped(conversation: Conversation) -> Outcome:
    text = _("All right, I've stopped. What else can I help you with?")
    left = _go(conversation, Event.CANCELLED, {})
    buttons = () if left.slots.get(PAUSED) else main_menu()
    return Outcome((Reply(text, buttons=buttons),), left)


async def _resume(
    turn: Turn, conversation: Conversation, context: FlowContext, handlers: Mapping[Intent, Handler]
) -> Outcome | None:
    step = conversation.step_in(FLOW, Step)
    if step is None:
        return None
    control = control_of(turn, frozenset({INTENT}))
    slot = conversation.mapping_slot(ASKING)
    if control == Control.CANCEL:
        return _stopped(conversation)
    if control is not None:
        return _ask(conversation, Event.ASKED, slot)
    chosen = chosen_zone(turn, asking=True)
    if chosen == OTHER:
        return _ask(conversation, Event.OTHER, slot)
    if chosen == ASK:
        return _ask(conversation, Event.ASKED, slot)
    if chosen is not None:
        return await _set(chosen, turn, conversation, context, handlers)
    if turn.from_button or turn.attachments or looks_elsewhere(turn):
        return None
    return _ask(conversation, Event.UNKNOWN, slot, _("I don't know that place yet."))


def resume_then(handlers: Mapping[Intent, Handler]) -> StepHandler:
    """Return the flow's step handler; once answered it answers the request with `handlers`."""

    async def resume(
        turn: Turn, conversation: Conversation, context: FlowContext
    ) -> Outcome | None:
        """Take the country or city; None when the message is about something else."""
        return await _resume(turn, conversation, context, handlers)

    return resume


def change_then(handlers: Mapping[Intent, Handler]) -> Handler:
    """Return the command that sets or changes the zone at any point ("I moved to Taiwan")."""

    async def change(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
        """Set the zone named, or ask (saying the one stored); answer the question if asked."""
        if conversation.step_in(FLOW, Step) is not None:
            answered = await _resume(turn, conversation, context, handlers)
            if answered is not None:
                return answered
        chosen = chosen_zone(turn, asking=False)
        if chosen is not None and chosen not in (OTHER, ASK):
            return await _set(chosen, turn, conversation, context, handlers)
        start = _paused_behind(conversation)
        if start.flow == FLOW:
            start = start.leave(ASKING)
        zone = known_zone(conversation)
        before = (
            None
            if zone is None
            else _("Your time zone now: {place} ({zone}).", place=label(zone), zone=zone)
        )
        event = Event.OTHER if chosen == OTHER else Event.ASKED
        return _ask(start, event, {}, before)

    return change


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the question again after the user asked something else in between."""
    step = conversation.step_in(FLOW, Step)
    if step is None:
        return None
    return _question(step, _("↩️ Back to the question about where you work:"))
