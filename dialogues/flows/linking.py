"""Linking a chat user to a participant before anything personal: KPJ, NIK and birth date.

Filing a claim, a claim's status, the membership and the digital card need to know who the
user is. When the chat is not linked yet, `require` starts this flow and keeps what the user
asked for (`then`: the intent and its entities); once the three details match, that request
is answered at once (the handlers are given by `flows/__init__.py`, `resume_then`).

The KPJ must be 11 digits and the NIK 16, well formed (`rules.identity`: a real birth date
inside it, the day plus 40 for women, no zero region or serial) and the birth date a real
date, not in the future, and the one inside the NIK: each is refused with what is wrong
before the registry is asked, and does not count as a try. Three wrong tries lock linking
for 15 minutes (the service counts them; the user is told until when, in their time zone).
The KPJ and NIK are kept in the conversation only until the check, and never repeated back
(the KPJ is shown masked). "putuskan akun" / "unlink" (or the button carrying
`{"action": "unlink"}`) undoes the link at any point. Controls: "kembali", "ulang", "batal".
Diagram: `linking.mmd` beside this file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dialogues.dates import format_date
from dialogues.flows.base import FlowContext, Handler, Outcome, StepHandler, Turn, button, settle
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import Answer, Kind, Question, read
from dialogues.flows.walkthrough import Control, control_buttons, control_of, looks_elsewhere
from dialogues.i18n import current_language, lazy_gettext
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.rules.common import DEFAULT_TIMEZONE, today_in
from dialogues.rules.identity import NikProblem, nik_problem, normalize_nik
from dialogues.services import Linked, LinkLocked, Person
from dialogues.state import Conversation
from nlu import Entity, Intent

FLOW = "linking"
SLOT = "linking"
KPJ_LENGTH = 11
PERSONAL_INTENTS = frozenset(
    {Intent.FILE_CLAIM, Intent.CLAIM_STATUS, Intent.MEMBERSHIP_STATUS, Intent.DIGITAL_CARD}
)
"""What needs a linked chat; their buttons also carry this flow's controls."""
UNLINK = "unlink"
_UNLINK_WORDS = re.compile(
    r"^(?:tolong\s+)?(?:putus(?:kan)?|lepas(?:kan)?|hapus)\s+(?:tautan\s+)?(?:akun|kpj)"
    r"(?:\s+(?:saya|sy|ku|aku))?$|^unlink(?:\s+my)?(?:\s+(?:account|kpj))?$"
)
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

_BIRTH_DATE = Question(
    "birth_date",
    Kind.DATE,
    lazy_gettext("And your date of birth? For example 15/10/1980."),
    past_only=True,
)


def _step(conversation: Conversation) -> Step | None:
    if conversation.flow != FLOW or conversation.step not in set(Step):
        return None
    return Step(conversation.step)


def _slot(conversation: Conversation) -> dict[str, Any]:
    value = conversation.slots.get(SLOT)
    return dict(value) if isinstance(value, dict) else {}


def _then_intent(slot: Mapping[str, Any]) -> str:
    then = slot.get("then")
    intent = then.get("intent") if isinstance(then, dict) else None
    return intent if intent in PERSONAL_INTENTS else Intent.MEMBERSHIP_STATUS


def _question(step: Step, slot: Mapping[str, Any], before: str | None = None) -> Reply:
    if step == Step.KPJ:
        text = _(
            "What is your KPJ number (your BPJS Ketenagakerjaan participant number)? It has 11 "
            "digits and is on your card or in the JMO app."
        )
    elif step == Step.NIK:
        text = _("Thank you. Now your NIK: the 16-digit number on your e-KTP.")
    else:
        text = str(_BIRTH_DATE.text)
    if before:
        text = f"{before}\n\n{text}"
    controls = control_buttons(_then_intent(slot), can_go_back=step != Step.KPJ)
    return Reply(text, buttons=controls)


def _go(conversation: Conversation, event: Event, slot: Mapping[str, Any]) -> Conversation:
    step = TRANSITIONS[(_step(conversation), event)]
    if step is None:
        return conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return conversation.enter(FLOW, str(step), **{SLOT: dict(slot)})


def _ask(
    conversation: Conversation, event: Event, slot: Mapping[str, Any], before: str | None = None
) -> Outcome:
    after = _go(conversation, event, slot)
    return Outcome((_question(Step(str(after.step)), slot, before),), after)


def local_moment(moment: datetime, conversation: Conversation) -> str:
    """Return a moment as the user reads it: `21 November 2026, 16:15 WIB` (their time zone)."""
    zone = conversation.slots.get("timezone")
    try:
        local = moment.astimezone(ZoneInfo(zone if isinstance(zone, str) else DEFAULT_TIMEZONE))
    except (ZoneInfoNotFoundError, ValueError):
        local = moment.astimezone(ZoneInfo(DEFAULT_TIMEZONE))
    day = format_date(local.date(), current_language())
    return f"{day}, {local:%H:%M} {local.tzname()}"


def _locked(until: datetime, conversation: Conversation) -> Outcome:
    text = _(
        "For your safety, checking who you are is locked after 3 wrong tries. Please try "
        "again after {moment}, or call Care Center 175.",
        moment=local_moment(until, conversation),
    )
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
    identity = context.services.identity
    person = await identity.linked(turn.channel, turn.user_id)
    if person is not None:
        return person
    until = await identity.locked_until(turn.channel, turn.user_id, turn.now)
    if until is not None:
        return _locked(until, conversation)
    intro = _(
        "To show you your own data here I first need to check who you are, against the "
        "records of BPJS Ketenagakerjaan. I'll ask for 3 things: your KPJ number, your NIK and "
        "your date of birth. They are used only for this check."
    )
    slot = {"then": {"intent": turn.intent, "entities": _kept_entities(turn)}}
    start = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    before = f"{before}\n\n{intro}" if before else intro
    asked = _ask(start, Event.STARTED, slot, before)
    if self_service is None or self_service not in context.content:
        return asked
    # How to see it without this chat (JMO, Care Center 175) comes first: the user chooses.
    return Outcome((context.content.get(self_service).reply(), *asked.replies), asked.conversation)


def _one_number(turn: Turn, entity: str) -> str | None:
    """Return the one number a message gives (spaces, dots and dashes inside it allowed)."""
    found = turn.entity(entity)
    if found is not None:
        return found
    groups = re.findall(r"\d[\d .\-]*\d|\d", turn.text)
    return normalize_nik(groups[0]) if len(groups) == 1 else None


def _digits_refusal(count: int, what: str) -> str:
    if what == Step.KPJ:
        return _(
            "A KPJ number has 11 digits, but the number you sent has {count}. Please check it "
            "and type it again.",
            count=count,
        )
    return _(
        "A NIK has 16 digits, but the number you sent has {count}. Please check it and type "
        "it again.",
        count=count,
    )


def _nik_refusal(problem: NikProblem, nik: str) -> str:
    messages = {
        NikProblem.REGION: _(
            "The first 6 digits of a NIK are the region code, and these can't be right. "
            "Please check your NIK and type it again."
        ),
        NikProblem.BIRTH_DATE: _(
            "Digits 7 to 12 of a NIK are the birth date (for women the day plus 40), and these "
            "are not a real date. Please check your NIK and type it again."
        ),
        NikProblem.SERIAL: _(
            "The last 4 digits of a NIK can't be 0000. Please check your NIK and type it again."
        ),
    }
    if problem == NikProblem.LENGTH:
        return _digits_refusal(len(nik), Step.NIK)
    return messages.get(problem) or _("A NIK has only digits: the 16 digits on your e-KTP.")


def _not_a_number(turn: Turn) -> bool:
    return not re.search(r"\d", turn.text) and looks_elsewhere(turn)


async def _take(
    turn: Turn,
    conversation: Conversation,
    context: FlowContext,
    slot: dict[str, Any],
    handlers: Mapping[str, Handler],
) -> Outcome | None:
    step = Step(str(conversation.step))
    if step != Step.BIRTH_DATE and _not_a_number(turn):
        return None
    if step == Step.KPJ:
        kpj = _one_number(turn, "kpj")
        if kpj is None or not kpj.isdigit():
            before = _("Please type only the 11 digits of your KPJ number.")
            return _ask(conversation, Event.REFUSED, slot, before)
        if len(kpj) != KPJ_LENGTH:
            return _ask(conversation, Event.REFUSED, slot, _digits_refusal(len(kpj), step))
        return _ask(conversation, Event.KPJ_TAKEN, {**slot, "kpj": kpj})
    if step == Step.NIK:
        nik = _one_number(turn, "nik")
        if nik is None:
            before = _("A NIK has only digits: the 16 digits on your e-KTP.")
            return _ask(conversation, Event.REFUSED, slot, before)
        problem = nik_problem(nik)
        if problem is not None:
            return _ask(conversation, Event.REFUSED, slot, _nik_refusal(problem, nik))
        return _ask(conversation, Event.NIK_TAKEN, {**slot, "nik": nik})
    read_date = read(_BIRTH_DATE, turn, today_in(None, turn.now))
    if not isinstance(read_date, Answer):
        if not read_date.readable and looks_elsewhere(turn):
            return None
        return _ask(conversation, Event.REFUSED, slot, read_date.message)
    born = date.fromisoformat(read_date.value)
    if nik_problem(str(slot.get("nik", "")), birth_date=born) is not None:
        before = _(
            "That date of birth is not the one inside your NIK (digits 7 to 12: day, month, "
            'year; for women the day plus 40). Please check the date, or type "kembali" to '
            "correct the NIK."
        )
        return _ask(conversation, Event.REFUSED, slot, before)
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
        before = _(
            "These details don't match our records. Tries left before a 15-minute lock: "
            "{count}. Let's start again.",
            count=result.tries_left,
        )
        return _ask(conversation, Event.WRONG, slot, before)
    linked = _(
        "✅ Thank you, {name}. This chat is now linked to KPJ {kpj}. To undo it, type "
        '"putuskan akun" (unlink).',
        name=result.person.name,
        kpj=result.person.masked_kpj,
    )
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
    step = _step(conversation)
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
        slot = _slot(conversation)
        if _step(conversation) is None:
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
    step = _step(conversation)
    if step is None:
        return None
    return _question(step, _slot(conversation), _("↩️ Back to checking who you are:"))


def says_unlink(turn: Turn) -> bool:
    """Whether the message asks to unlink the chat (typed, or the button's `action`)."""
    if turn.from_button:
        return turn.intent in PERSONAL_INTENTS and turn.entity("action") == UNLINK
    words = " ".join(re.sub(r"[^\w ]+", " ", turn.text.lower()).split())
    return bool(_UNLINK_WORDS.match(words))


def unlink_button() -> Button:
    """Return the button that unlinks the chat."""
    return button(_("Unlink my account"), Intent.MEMBERSHIP_STATUS, action=UNLINK)


async def unlink(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Undo the chat's link to a participant; leave the flows that needed it."""
    was_linked = await context.services.identity.unlink(turn.channel, turn.user_id)
    if was_linked:
        text = _(
            "This chat is no longer linked to your KPJ number. To see your own data again, "
            "I'll ask for your KPJ number, NIK and date of birth."
        )
    else:
        text = _("This chat is not linked to any KPJ number.")
    personal = conversation.flow in (FLOW, "file_claim", "claim_status")
    after = conversation.leave(SLOT, "filing") if personal else conversation
    return Outcome((Reply(text, buttons=short_menu()),), after)
