"""Signing up for JKP reminders, and stopping them.

`start` (intent `jkp_reminder_subscribe`) asks, one at a time: the dismissal date, the date of
the first JKP payment or claim and the preferred hour; then it tells the schedule in plain words
and starts it when the user says yes. Before the hour, the time zone is asked through
`flows.timezone` when not known yet (the country of work; never guessed from a phone number):
this flow waits behind that question and asks the hour once it is answered. An hour in the
quiet hours (21:00 to 08:00) is moved to the nearest allowed one, and said so. Dates are read
in the user's time zone (`base.user_today`); those that can't make a schedule are refused with
the reason: a first payment before the dismissal, or more than 6 months after it (the claim
window of PP 6/2025 art. 40); a cycle already over ends the flow. Someone already subscribed
sees their schedule and progress, with buttons to change the dates or stop.

Controls: "kembali", "ulang", "batal". Diagram: `jkp_reminders.mmd` beside this file.
Reporting duties, a new job and stopping (STOP, BERHENTI): `flows.jkp_tracking`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, button, user_today
from dialogues.flows.jkp_questions import DISMISSAL, FIRST_DATE, HOUR_TEXT, hour_buttons, parse_hour
from dialogues.flows.jkp_replies import (
    problem_text,
    schedule_summary,
    status_reply,
    subscribed_text,
)
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import Answer, Question, read, yes_or_no
from dialogues.flows.timezone import ensure, known_zone
from dialogues.flows.walkthrough import Control, control_buttons, control_of, looks_elsewhere
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.reminders import ReminderPlan
from dialogues.rules.jkp_schedule import DEFAULT_HOUR, PlanProblem, check_plan
from dialogues.state import Conversation
from nlu import Intent, Language

FLOW = "jkp_reminder_subscribe"
SLOT = "jkp_reminders"
CHANGE = "change"
_INTENTS = frozenset({Intent.JKP_REMINDER_SUBSCRIBE})


class Step(StrEnum):
    """The questions asked, one at a time, then the confirmation."""

    DISMISSAL = "dismissal"
    FIRST_DATE = "first_date"
    HOUR = "hour"
    CONFIRM = "confirm"


class Event(StrEnum):
    """What a user's message means to this flow."""

    STARTED = "started"
    DISMISSAL_TAKEN = "dismissal_taken"
    FIRST_TAKEN = "first_taken"
    HOUR_TAKEN = "hour_taken"
    REFUSED = "refused"
    BACK = "back"
    RESTARTED = "restarted"
    CANCELLED = "cancelled"
    CYCLE_OVER = "cycle_over"
    SUBSCRIBED = "subscribed"


_ANY: tuple[Step | None, ...] = (None, *Step)

# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.STARTED): Step.DISMISSAL,
    (Step.DISMISSAL, Event.DISMISSAL_TAKEN): Step.FIRST_DATE,
    (Step.FIRST_DATE, Event.FIRST_TAKEN): Step.HOUR,
    (Step.FIRST_DATE, Event.CYCLE_OVER): None,
    (Step.HOUR, Event.HOUR_TAKEN): Step.CONFIRM,
    **{(step, Event.REFUSED): step for step in Step},
    (Step.DISMISSAL, Event.BACK): Step.DISMISSAL,
    (Step.FIRST_DATE, Event.BACK): Step.DISMISSAL,
    (Step.HOUR, Event.BACK): Step.FIRST_DATE,
    (Step.CONFIRM, Event.BACK): Step.HOUR,
    **{(step, Event.RESTARTED): Step.DISMISSAL for step in _ANY},
    **{(step, Event.CANCELLED): None for step in _ANY},
    (Step.CONFIRM, Event.SUBSCRIBED): None,
}


def _plan(conversation: Conversation, slot: dict[str, Any], language: Language) -> ReminderPlan:
    # The zone the hour was given in, unless the user has changed it since ("I moved to Taiwan").
    zone = known_zone(conversation) or str(slot["timezone"])
    return ReminderPlan(
        dismissal_date=date.fromisoformat(slot["dismissal"]),
        first_date=date.fromisoformat(slot["first"]),
        timezone=zone,
        hour=int(slot.get("hour", DEFAULT_HOUR)),
        language=language,
    )


def _question(
    step: Step, conversation: Conversation, now: datetime, before: str | None = None
) -> Reply:
    controls = control_buttons(Intent.JKP_REMINDER_SUBSCRIBE, can_go_back=step != Step.DISMISSAL)
    buttons: tuple[Button, ...] = ()
    if step == Step.DISMISSAL:
        text = str(DISMISSAL.text)
    elif step == Step.FIRST_DATE:
        text = str(FIRST_DATE.text)
    elif step == Step.HOUR:
        text, buttons = str(HOUR_TEXT), hour_buttons()
    else:
        text = schedule_summary(
            _plan(conversation, conversation.mapping_slot(SLOT), current_language()), now
        )
        yes = button(_("✅ Yes, remind me"), Intent.JKP_REMINDER_SUBSCRIBE, answer="yes")
        buttons = (yes,)
    if before:
        text = f"{before}\n\n{text}"
    return Reply(text, buttons=(*buttons, *controls))


def _go(conversation: Conversation, event: Event, slot: dict[str, Any]) -> Conversation:
    step = TRANSITIONS[(conversation.step_in(FLOW, Step), event)]
    if step is None:
        return conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return conversation.enter(FLOW, str(step), **{SLOT: slot})


def _ask(
    conversation: Conversation,
    event: Event,
    slot: dict[str, Any],
    turn: Turn,
    before: str | None = None,
) -> Outcome:
    after = _go(conversation, event, slot)
    return Outcome((_question(Step(str(after.step)), after, turn.now, before),), after)


def _zone_first(turn: Turn, conversation: Conversation) -> Outcome | None:
    """Ask the country of work (the flow waits behind it at its step) unless it is known."""
    return ensure(turn, conversation, before=_("The reminders follow the clock where you work."))


def _topic(conversation: Conversation) -> Conversation:
    return conversation.with_slots(topic=Topic(Intent.JKP_REMINDER_SUBSCRIBE).as_slot())


async def start(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Show the reminders already on, or start asking for what the schedule needs."""
    reminders = context.services.reminders
    status = await reminders.status(turn.channel, turn.user_id)
    if status is not None and turn.entity("action") != CHANGE:
        return Outcome((status_reply(status, turn.now, change=CHANGE),), _topic(conversation))
    intro = _(
        "I can remind you of your JKP duties every month, in your own time, until your sixth "
        "payment: the job applications, counselling, training and the date of your next claim "
        "on SIAPkerja. I need a few dates first."
    )
    start_from = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return _ask(_topic(start_from), Event.STARTED, {}, turn, intro)


def _read_date(question: Question, turn: Turn, conversation: Conversation) -> str | Reply | None:
    """Return the ISO date given, a refusal to ask again with, or None (not an answer)."""
    if turn.from_button:
        return None
    found = read(question, turn, user_today(turn, conversation))
    if isinstance(found, Answer):
        return str(found.value)
    if not found.readable and looks_elsewhere(turn):
        return None
    return Reply(found.message)


async def _take(
    turn: Turn, conversation: Conversation, context: FlowContext, slot: dict[str, Any]
) -> Outcome | None:
    step = Step(str(conversation.step))
    if step in (Step.DISMISSAL, Step.FIRST_DATE):
        question = DISMISSAL if step == Step.DISMISSAL else FIRST_DATE
        found = _read_date(question, turn, conversation)
        if found is None:
            return None
        if isinstance(found, Reply):
            return _ask(conversation, Event.REFUSED, slot, turn, found.text)
        if step == Step.DISMISSAL:
            return _ask(conversation, Event.DISMISSAL_TAKEN, {**slot, "dismissal": found}, turn)
        return _first_taken(turn, conversation, {**slot, "first": found})
    if step == Step.HOUR:
        raw = turn.entity("hour") if turn.from_button else None
        hour = int(raw) if raw is not None and raw.isdigit() else parse_hour(turn.text)
        if hour is None or not 0 <= hour <= 23:
            if turn.from_button or looks_elsewhere(turn):
                return None
            before = _('Please give an hour, for example "jam 9 pagi", "17:00" or "8 pm".')
            return _ask(conversation, Event.REFUSED, slot, turn, before)
        zone = known_zone(conversation)
        if zone is None:  # the time zone question was left with "batal": ask it again
            return _zone_first(turn, conversation)
        return _ask(conversation, Event.HOUR_TAKEN, {**slot, "hour": hour, "timezone": zone}, turn)
    said = turn.entity("answer") == "yes" if turn.from_button else yes_or_no(turn)
    if said is None:
        if looks_elsewhere(turn):
            return None
        return _ask(conversation, Event.REFUSED, slot, turn, _('Please answer "ya" or "tidak".'))
    if not said:
        return _stopped(conversation)
    return await _subscribe(turn, conversation, context, slot)


def _first_taken(turn: Turn, conversation: Conversation, slot: dict[str, Any]) -> Outcome:
    dismissal, first = date.fromisoformat(slot["dismissal"]), date.fromisoformat(slot["first"])
    problem = check_plan(dismissal, first, user_today(turn, conversation))
    if problem == PlanProblem.CYCLE_OVER:
        text = _(
            "By now all six monthly JKP claims of that cycle are past, so there is nothing left "
            "to remind you of. If a payment is missing, please call Care Center 175."
        )
        after = _go(conversation, Event.CYCLE_OVER, slot)
        return Outcome((Reply(text, buttons=short_menu()),), after)
    if problem is not None:
        kept = {k: v for k, v in slot.items() if k != "first"}
        before = problem_text(problem, date.fromisoformat(slot["dismissal"]))
        return _ask(conversation, Event.REFUSED, kept, turn, before)
    asked = _zone_first(turn, _go(conversation, Event.FIRST_TAKEN, slot))
    return asked if asked is not None else _ask(conversation, Event.FIRST_TAKEN, slot, turn)


async def _subscribe(
    turn: Turn, conversation: Conversation, context: FlowContext, slot: dict[str, Any]
) -> Outcome:
    plan = _plan(conversation, slot, turn.language)
    status = await context.services.reminders.subscribe(
        turn.channel, turn.user_id, plan, now=turn.now
    )
    text = subscribed_text(status, turn.now)
    after = _go(conversation, Event.SUBSCRIBED, slot)
    return Outcome((Reply(text, buttons=short_menu()),), after)


def _stopped(conversation: Conversation) -> Outcome:
    text = _("All right, no reminders. What else can I help you with?")
    left = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return Outcome((Reply(text, buttons=short_menu()),), left)


def _control(
    control: Control, turn: Turn, conversation: Conversation, slot: dict[str, Any]
) -> Outcome:
    if control == Control.CANCEL:
        return _stopped(conversation)
    if control == Control.RESTART:
        return _ask(conversation, Event.RESTARTED, {}, turn, _("Let's start again."))
    if control == Control.BACK:
        step = conversation.step_in(FLOW, Step)
        before = _("This is the first question.") if step == Step.DISMISSAL else None
        return _ask(conversation, Event.BACK, slot, turn, before)
    return _ask(conversation, Event.REFUSED, slot, turn, _("Let's go on."))


async def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the answer to the question asked; None when the message is about something else."""
    if conversation.step_in(FLOW, Step) is None:
        return None
    slot = conversation.mapping_slot(SLOT)
    control = control_of(turn, _INTENTS)
    if control is not None:
        return _control(control, turn, conversation, slot)
    if turn.from_button and turn.intent != Intent.JKP_REMINDER_SUBSCRIBE:
        return None
    if turn.from_button and turn.entity("action") == CHANGE:
        return _ask(conversation, Event.RESTARTED, {}, turn)
    if turn.attachments:
        return None
    return await _take(turn, conversation, context, slot)


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the question again after the user asked something else in between."""
    step = conversation.step_in(FLOW, Step)
    if step is None:
        return None
    now = conversation.last_message_at or datetime.now(UTC)
    return _question(step, conversation, now, _("↩️ Back to your JKP reminders:"))
