"""The eligibility walkthrough: "can I claim yet?" for JHT, JKP, JKM, JKK and JP.

It starts from the program (named in the message, the topic of the last answer, or asked with
a button per program), then asks one question at a time: whatever fact the rules need next
(`rules.decide` raises `MissingFact(field)`), plus the few facts it asks for itself
(`eligibility_questions.before_rules` / `after_rules`). Decisions are made as of today in the
user's time zone (the `timezone` slot; asked first when the date differs between the usual
placements at that moment, `flows.timezone`; else Jakarta's) by the engine's clock. A bad
answer (an impossible or future date, a negative number, "kapan-kapan") is asked again with
what was wrong; "kembali", "ulang", "batal" and "lanjut" work at any point (`walkthrough`).
The answers stay in the `eligibility` slot, also when the user asks something else in between
(the flow waits and then asks its question again) and after the decision (the flow stays at
DONE, waiting for nothing), so "kembali" can still change the last answer.
Diagram: `eligibility.mmd` beside this file.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from dialogues.errors import InvalidFact, MissingFact
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, user_today
from dialogues.flows.eligibility_facts import after_rules, before_rules, build_facts, prefilled
from dialogues.flows.eligibility_outcome import render
from dialogues.flows.eligibility_questions import PROGRAM_QUESTION, QUESTIONS
from dialogues.flows.questions import Answer, ask, choose, read
from dialogues.flows.timezone import date_is_uncertain, ensure
from dialogues.flows.walkthrough import (
    Control,
    Progress,
    control_buttons,
    control_of,
    looks_elsewhere,
    stopped,
)
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.rules import Decision, decide
from dialogues.state import Conversation
from nlu import Intent, Program

FLOW = "eligibility"
SLOT = "eligibility"
INTENTS = frozenset({Intent.CHECK_ELIGIBILITY})


class Step(StrEnum):
    """The steps of the walkthrough: which program, one fact after another, the decision."""

    PROGRAM = "program"
    FACT = "fact"
    DONE = "done"


class Event(StrEnum):
    """What a user's message means to this flow."""

    PROGRAM_MISSING = "program_missing"
    PROGRAM_KNOWN = "program_known"
    ANSWERED = "answered"
    REFUSED = "refused"
    CONTINUED = "continued"
    BACK = "back"
    BACK_TO_PROGRAM = "back_to_program"
    RESTARTED = "restarted"
    DECIDED = "decided"
    CANCELLED = "cancelled"


_ANY: tuple[Step | None, ...] = (None, Step.PROGRAM, Step.FACT, Step.DONE)
_TO_A_FACT = (Event.PROGRAM_KNOWN, Event.ANSWERED, Event.CONTINUED, Event.BACK, Event.RESTARTED)

# (step, event) -> next step; None leaves the flow. After the decision the flow stays at
# DONE, waiting for nothing, so "kembali" can still take the last answer back.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    # Which program: asked when the message names none, or when going back past the start.
    **{(step, Event.PROGRAM_MISSING): Step.PROGRAM for step in _ANY},
    **{(step, Event.BACK_TO_PROGRAM): Step.PROGRAM for step in _ANY},
    (Step.PROGRAM, Event.REFUSED): Step.PROGRAM,
    # One fact after another, as the rules ask for them.
    **{(step, event): Step.FACT for step in _ANY for event in _TO_A_FACT},
    (Step.FACT, Event.REFUSED): Step.FACT,
    # The decision, and leaving.
    **{(step, Event.DECIDED): Step.DONE for step in _ANY},
    **{(step, Event.CANCELLED): None for step in _ANY},
}


def _go(conversation: Conversation, event: Event) -> Step | None:
    """Return the step an event leads to from where the conversation is."""
    return TRANSITIONS[(conversation.step_in(FLOW, Step), event)]


def _next(program: Program, progress: Progress, today: date) -> str | Decision | InvalidFact:
    """Return the next fact to ask for, the decision, or the answer the rules refuse."""
    field = before_rules(program, progress.answers)
    if field is not None:
        return field
    try:
        decision = decide(build_facts(program, progress.answers, today))
    except MissingFact as missing:
        return missing.field
    except InvalidFact as invalid:
        return invalid
    return after_rules(program, progress.answers, decision) or decision


def _invalid_message(error: InvalidFact, progress: Progress) -> str:
    if error.field == "consecutive_months_before_termination":
        return _(
            "The months in a row can't be more than the {count} months paid in the last 24 "
            "months. Please check and answer again.",
            count=progress.answers.get("contribution_months_last_24", 0),
        )
    return _("That answer doesn't fit with your other answers. Please check it and answer again.")


def _ask_program(conversation: Conversation, event: Event, before: str | None = None) -> Outcome:
    step = _go(conversation, event)
    progress = Progress(subject_asked=True)
    reply = ask(PROGRAM_QUESTION, intent=Intent.CHECK_ELIGIBILITY, entities={}, before=before)
    return Outcome((reply,), conversation.enter(FLOW, str(step), **{SLOT: progress.to_slot()}))


def _proceed(
    progress: Progress,
    turn: Turn,
    conversation: Conversation,
    event: Event,
    before: str | None = None,
) -> Outcome:
    """Ask the next question, or give the decision, from the answers so far."""
    program = Program(str(progress.subject))
    today = user_today(turn, conversation)
    result = _next(program, progress, today)
    while isinstance(result, InvalidFact) and result.field in progress.answers:
        before = _invalid_message(result, progress)
        progress = progress.without(result.field)
        result = _next(program, progress, today)
    if isinstance(result, InvalidFact):
        raise result
    topic = Topic(Intent.CHECK_ELIGIBILITY, program).as_slot()
    if isinstance(result, Decision):
        step = _go(conversation, Event.DECIDED)
        slots = {SLOT: progress.asking_for(None).to_slot(), "topic": topic}
        return Outcome(
            render(result, progress.answers), conversation.enter(FLOW, str(step), **slots)
        )
    step = _go(conversation, event)
    progress = progress.asking_for(result)
    slots = {SLOT: progress.to_slot(), "topic": topic}
    return Outcome((_question(progress, before),), conversation.enter(FLOW, str(step), **slots))


def _question(progress: Progress, before: str | None) -> Reply:
    """Return the waiting question, with its answer buttons and the controls."""
    question = QUESTIONS[(Program(str(progress.subject)), str(progress.asking))]
    controls = control_buttons(
        Intent.CHECK_ELIGIBILITY, can_go_back=bool(progress.order or progress.subject_asked)
    )
    entities = {"program": progress.subject}
    return ask(
        question,
        intent=Intent.CHECK_ELIGIBILITY,
        entities=entities,
        before=before,
        controls=controls,
    )


def _begin(program: Program, turn: Turn, conversation: Conversation, *, asked: bool) -> Outcome:
    progress = prefilled(program, turn, Progress(subject=program.value, subject_asked=asked))
    intro = _("Let's check whether you can claim {program}.", program=program.value)
    return _proceed(progress, turn, conversation, Event.PROGRAM_KNOWN, intro)


def _control(
    control: Control, progress: Progress, turn: Turn, conversation: Conversation
) -> Outcome:
    if control == Control.CANCEL:
        return stopped(conversation, flow=FLOW, slot=SLOT)
    if progress.subject is None:
        return _ask_program(conversation, Event.PROGRAM_MISSING)
    if control == Control.RESTART:
        return _proceed(
            progress.restart(), turn, conversation, Event.RESTARTED, _("Let's start again.")
        )
    if control == Control.CONTINUE:
        return _proceed(progress, turn, conversation, Event.CONTINUED, _("Let's go on."))
    back = progress.back()
    if back is not None:
        return _proceed(back, turn, conversation, Event.BACK)
    if progress.subject_asked:
        return _ask_program(conversation, Event.BACK_TO_PROGRAM)
    return _proceed(progress, turn, conversation, Event.CONTINUED, _("This is the first question."))


def _topic_program(turn: Turn, conversation: Conversation) -> Program | None:
    topic = Topic.from_slot(conversation.slots.get("topic"))
    return topic.program if topic is not None and not turn.from_button else None


def start(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Start checking a claim: of the program named, the one last talked about, or ask which."""
    progress = Progress.from_slot(conversation.slots.get(SLOT))
    control = control_of(turn, INTENTS)
    if control is not None and progress is not None:
        return _control(control, progress, turn, conversation)
    if date_is_uncertain(turn.now):
        # Around midnight the date is not the same in every placement country.
        before = _("At this hour the date is not the same everywhere, so first: where are you?")
        asked = ensure(turn, conversation, then=Intent.CHECK_ELIGIBILITY, before=before)
        if asked is not None:
            return asked
    program = turn.program or _topic_program(turn, conversation)
    if program is None:
        return _ask_program(conversation, Event.PROGRAM_MISSING)
    return _begin(program, turn, conversation, asked=False)


def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the answer to the waiting question; None when the message is about something else."""
    progress = Progress.from_slot(conversation.slots.get(SLOT))
    if progress is None or conversation.step_in(FLOW, Step) is None:
        return _ask_program(conversation.leave(SLOT), Event.PROGRAM_MISSING)
    control = control_of(turn, INTENTS)
    if control == Control.CONTINUE and conversation.step_in(FLOW, Step) == Step.DONE:
        return None  # nothing to go on with: "lanjut" is answered as a plain "ok"
    if control is not None:
        return _control(control, progress, turn, conversation)
    if turn.from_button and turn.intent not in INTENTS:
        return None
    if progress.subject is None:
        option = choose(turn.text, PROGRAM_QUESTION.options)
        program = turn.program or (Program(option.value) if option else None)
        if program is not None:
            return _begin(program, turn, conversation, asked=True)
        if turn.from_button:  # "Can I claim?" from the menu again
            return _ask_program(conversation, Event.REFUSED)
        if looks_elsewhere(turn):
            return None
        return _ask_program(
            conversation, Event.REFUSED, _("Please choose one of the buttons, or type its number.")
        )
    current = Program(progress.subject)
    if turn.from_button:
        if turn.program is not None and turn.program != current:
            return _begin(turn.program, turn, conversation, asked=False)
        return _proceed(prefilled(current, turn, progress), turn, conversation, Event.ANSWERED)
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None  # the decision is given: only the controls still apply
    question = QUESTIONS.get((current, str(progress.asking)))
    if question is None:  # a question of an older version of the bot
        return _proceed(progress, turn, conversation, Event.CONTINUED)
    result = read(question, turn, user_today(turn, conversation))
    if isinstance(result, Answer):
        return _proceed(
            progress.answer(question.field, result.value), turn, conversation, Event.ANSWERED
        )
    if turn.intent == Intent.CHECK_ELIGIBILITY and turn.confidence >= 0.5:
        if turn.program is not None and turn.program != current:
            return _begin(turn.program, turn, conversation, asked=False)
        return _proceed(progress, turn, conversation, Event.CONTINUED, _("Let's go on."))
    if not result.readable and looks_elsewhere(turn):
        return None
    return _proceed(progress, turn, conversation, Event.REFUSED, result.message)


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the waiting question again after the user asked something else in between."""
    progress = Progress.from_slot(conversation.slots.get(SLOT)) or Progress()
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None
    if progress.subject is None or (Program(progress.subject), progress.asking) not in QUESTIONS:
        before = _("↩️ Back to checking your claim:")
        return ask(PROGRAM_QUESTION, intent=Intent.CHECK_ELIGIBILITY, entities={}, before=before)
    return _question(
        progress, _("↩️ Back to checking your {program} claim:", program=progress.subject)
    )
