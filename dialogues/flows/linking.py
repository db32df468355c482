"""Linking a chat user to a participant before anything personal: KPJ, NIK and birth date.

Filing a claim, a claim's status, the membership and the digital card need to know who the
user is. When the chat is not linked yet, `require` starts this flow and keeps what the user
asked for (`then`: the intent and its entities); once the three details match, that request
is answered at once (the handlers are given by `flows/__init__.py`, `resume_then`).

The KPJ must be 11 digits and the NIK 16, well formed (`rules.identity`: a real birth date
inside it, the day plus 40 for women, no zero region or serial) and the birth date a real
date, not in the future, and the one inside the NIK: each is refused with what is wrong
before the registry is asked, and does not count as a try (what is asked, read and said:
`linking_questions`). Three wrong tries lock linking for 15 minutes (the service counts
them; the user is told until when, in their time zone). The KPJ and NIK are kept in the
conversation only until the check, and never repeated back (the KPJ is shown masked).
"putuskan akun" / "unlink" undoes the link at any point (`unlinking`). Controls: "kembali",
"ulang", "batal". Diagram: `linking.mmd` beside this file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from dialogues.flows.base import (
    FlowContext,
    Handler,
    Outcome,
    StepHandler,
    Turn,
    local_moment,
    settle,
)
from dialogues.flows.linking_questions import (
    BIRTH_DATE,
    INTRO,
    KPJ_QUESTION,
    NIK_QUESTION,
    linked_text,
    locked_text,
    not_a_number,
    read_birth_date,
    read_kpj,
    read_nik,
    wrong_text,
)
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import Refusal
from dialogues.flows.walkthrough import Control, control_buttons, control_of, looks_elsewhere
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.services_identity import Linked, LinkLocked, Person
from dialogues.state import Conversation
from nlu import Entity, Intent

FLOW = "linking"
SLOT = "linking"
PERSONAL_INTENTS = frozenset(
    {Intent.FILE_CLAIM, Intent.CLAIM_STATUS, Intent.MEMBERSHIP_STATUS, Intent.DIGITAL_CARD}
)
"""What needs a linked chat; their buttons also carry this flow's controls."""
# Entities not worth keeping for the request answered after linking (and never the numbers).
_NOT_KEPT = frozenset({"nik", "kpj", "control", "language"})


class Step(StrEnum):
    """The three details asked, one at a time."""

    KPJ = "kpj"
    NIK = "nik"
    BIRTH_DATE = "birth_date"


class Event(StrEnum):
    """What a user's message means to this flow."""

    STARTED = "started"
    KPJ_TAKEN = "kpj_taken"
    NIK_TAKEN = "nik_taken"
    REFUSED = "refused"
    BACK = "back"
    RESTARTED = "restarted"
    WRONG = "wrong"
    LINKED = "linked"
    LOCKED = "locked"
    CANCELLED = "cancelled"


_ANY: tuple[Step | None, ...] = (None, *Step)

# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.STARTED): Step.KPJ,
    (None, Event.LOCKED): None,
    (Step.KPJ, Event.KPJ_TAKEN): Step.NIK,
    (Step.NIK, Event.NIK_TAKEN): Step.BIRTH_DATE,
    **{(step, Event.REFUSED): step for step in Step},
    (Step.KPJ, Event.BACK): Step.KPJ,
    (Step.NIK, Event.BACK): Step.KPJ,
    (Step.BIRTH_DATE, Event.BACK): Step.NIK,
    **{(step, Event.RESTARTED): Step.KPJ for step in Step},
    (Step.BIRTH_DATE, Event.WRONG): Step.KPJ,
    (Step.BIRTH_DATE, Event.LINKED): None,
    (Step.BIRTH_DATE, Event.LOCKED): None,
    **{(step, Event.CANCELLED): None for step in _ANY},
}


def _then_intent(slot: Mapping[str, Any]) -> str:
    then = slot.get("then")
    intent = then.get("intent") if isinstance(then, dict) else None
    return intent if intent in PERSONAL_INTENTS else Intent.MEMBERSHIP_STATUS


def _question(step: Step, slot: Mapping[str, Any], before: str | None = None) -> Reply:
    texts = {Step.KPJ: KPJ_QUESTION, Step.NIK: NIK_QUESTION, Step.BIRTH_DATE: BIRTH_DATE.text}
    text = str(texts[step])
    if before:
        text = f"{before}\n\n{text}"
    controls = control_buttons(_then_intent(slot), can_go_back=step != Step.KPJ)
    return Reply(text, buttons=controls)


def _go(conversation: Conversation, event: Event, slot: Mapping[str, Any]) -> Conversation:
    step = TRANSITIONS[(conversation.step_in(FLOW, Step), event)]
    if step is None:
        return conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return conversation.enter(FLOW, str(step), **{SLOT: dict(slot)})


def _ask(
    conversation: Conversation, event: Event, slot: Mapping[str, Any], before: str | None = None
) -> Outcome:
    after = _go(conversation, event, slot)
    return Outcome((_question(Step(str(after.step)), slot, before),), after)


def _locked(until: datetime, conversation: Conversation) -> Outcome:
    text = locked_text(local_moment(until, conversation))
    after = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return Outcome((Reply(text, buttons=short_menu()),), after.with_slots(**{SLOT: None}))


def _kept_entities(turn: Turn) -> dict[str, str]:
    return {e.entity: e.value for e in turn.entities if e.entity not in _NOT_KEPT}


async def require(
    turn: Turn,
    conversation: Conversation,
    context: FlowContext,
    *,
    before: str | None = None,
    self_service: str | None = None,
) -> Person | Outcome:
    """Return the person the chat is linked to, or start linking (answering `turn` after it).

    `self_service` names the content answer telling how to see the same without this chat;
    it is given first when linking starts.
    """
    # One call: the link and the lock are read in one transaction, not two.
    state = await context.services.identity.link_state(turn.channel, turn.user_id, now=turn.now)
    if state.person is not None:
        return state.person
    if state.locked_until is not None:
        return _locked(state.locked_until, conversation)
    intro = str(INTRO)
    slot = {"then": {"intent": turn.intent, "entities": _kept_entities(turn)}}
    start = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    before = f"{before}\n\n{intro}" if before else intro
    asked = _ask(start, Event.STARTED, slot, before)
    if self_service is None or self_service not in context.content:
        return asked
    # How to see it without this chat (JMO, Care Center 175) comes first: the user chooses.
    return Outcome((context.content.get(self_service).reply(), *asked.replies), asked.conversation)


async def _take(
    turn: Turn,
    conversation: Conversation,
    context: FlowContext,
    slot: dict[str, Any],
    handlers: Mapping[str, Handler],
) -> Outcome | None:
    step = Step(str(conversation.step))
    if step != Step.BIRTH_DATE and not_a_number(turn):
        return None
    if step == Step.KPJ:
        kpj = read_kpj(turn)
        if isinstance(kpj, Refusal):
            return _ask(conversation, Event.REFUSED, slot, kpj.message)
        return _ask(conversation, Event.KPJ_TAKEN, {**slot, "kpj": kpj})
    if step == Step.NIK:
        nik = read_nik(turn)
        if isinstance(nik, Refusal):
            return _ask(conversation, Event.REFUSED, slot, nik.message)
        return _ask(conversation, Event.NIK_TAKEN, {**slot, "nik": nik})
    born = read_birth_date(turn, str(slot.get("nik", "")))
    if isinstance(born, Refusal):
        if not born.readable and looks_elsewhere(turn):
            return None
        return _ask(conversation, Event.REFUSED, slot, born.message)
    return await _check(turn, conversation, context, slot, born, handlers)


async def _check(
    turn: Turn,
    conversation: Conversation,
    context: FlowContext,
    slot: dict[str, Any],
    born: date,
    handlers: Mapping[str, Handler],
) -> Outcome:
    kpj, nik = str(slot.get("kpj", "")), str(slot.get("nik", ""))
    # The numbers leave the conversation whatever the outcome.
    slot = {k: v for k, v in slot.items() if k not in ("kpj", "nik")}
    result = await context.services.identity.link(
        turn.channel, turn.user_id, kpj=kpj, nik=nik, birth_date=born, now=turn.now
    )
    if isinstance(result, LinkLocked):
        return _locked(result.until, conversation)
    if not isinstance(result, Linked):
        return _ask(conversation, Event.WRONG, slot, wrong_text(result.tries_left))
    linked = linked_text(result.person)
    after = _go(conversation, Event.LINKED, slot)
    then_value = slot.get("then")
    then: dict[str, Any] = then_value if isinstance(then_value, dict) else {}
    intent = _then_intent(slot)
    handler = handlers.get(intent)
    if handler is None:
        return Outcome((Reply(linked, buttons=short_menu()),), after)
    raw_value = then.get("entities")
    raw: dict[str, Any] = raw_value if isinstance(raw_value, dict) else {}
    entities = tuple(Entity(str(k), str(v), 0, 0) for k, v in raw.items())
    request = replace(turn, text="", intent=intent, entities=entities, from_button=True)
    outcome = await settle(handler(request, after, context))
    return Outcome((Reply(linked), *outcome.replies), outcome.conversation)


def _control(control: Control, conversation: Conversation, slot: dict[str, Any]) -> Outcome:
    if control == Control.CANCEL:
        text = _("All right, I've stopped. What else can I help you with?")
        left = conversation.leave(SLOT)
        return Outcome((Reply(text, buttons=short_menu()),), left)
    if control == Control.RESTART:
        kept = {k: v for k, v in slot.items() if k not in ("kpj", "nik")}
        return _ask(conversation, Event.RESTARTED, kept, _("Let's start again."))
    step = conversation.step_in(FLOW, Step)
    if control == Control.BACK:
        before = _("This is the first question.") if step == Step.KPJ else None
        return _ask(conversation, Event.BACK, slot, before)
    return _ask(conversation, Event.REFUSED, slot, _("Let's go on."))


def resume_then(handlers: Mapping[str, Handler]) -> StepHandler:
    """Return the flow's step handler; once linked it answers the request with `handlers`."""

    async def resume(
        turn: Turn, conversation: Conversation, context: FlowContext
    ) -> Outcome | None:
        """Take the detail asked for; None when the message is about something else."""
        slot = conversation.mapping_slot(SLOT)
        if conversation.step_in(FLOW, Step) is None:
            return None
        control = control_of(turn, PERSONAL_INTENTS)
        if control is not None:
            return _control(control, conversation, slot)
        if turn.from_button and turn.intent in PERSONAL_INTENTS:
            # Another personal request while linking: answer that one once linked.
            slot["then"] = {"intent": turn.intent, "entities": _kept_entities(turn)}
            return _ask(conversation, Event.REFUSED, slot, _("Let's go on."))
        if turn.from_button or turn.attachments:
            return None
        return await _take(turn, conversation, context, slot, handlers)

    return resume


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the detail again after the user asked something else in between."""
    step = conversation.step_in(FLOW, Step)
    if step is None:
        return None
    return _question(step, conversation.mapping_slot(SLOT), _("↩️ Back to checking who you are:"))
