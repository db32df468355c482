"""The document checklist: which papers a claim needs, per program and per JHT reason.

It starts from the program (named, the last one talked about, or asked with a button per
program), asks which JHT reason applies (the lists differ), and whether the worker is a
migrant worker (PMI) where their documents differ (JHT, JKM, JKK: passport, letters from the
Indonesian mission or KDEI, foreign hospital papers). What the eligibility walkthrough
already learnt about the same program is reused. The list ends with the upload rules the
claim filing enforces. Controls as in every walkthrough: "kembali", "ulang", "batal".
Diagram: `documents.mmd` beside this file.
"""

from __future__ import annotations

from enum import StrEnum

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, user_today
from dialogues.flows.documents_list import render
from dialogues.flows.eligibility_questions import PROGRAM_OPTIONS, QUESTIONS, SEGMENTS
from dialogues.flows.questions import (
    Answer,
    Kind,
    Option,
    Question,
    ask,
    choose,
    from_payload,
    mentioned,
    read,
)
from dialogues.flows.walkthrough import (
    Control,
    Progress,
    control_buttons,
    control_of,
    looks_elsewhere,
    stopped,
)
from dialogues.i18n import gettext as _
from dialogues.i18n import lazy_gettext
from dialogues.messages import Reply
from dialogues.rules.facts import JhtReason, Segment
from dialogues.state import Conversation
from nlu import Intent, Program

FLOW = "documents"
SLOT = "documents"
INTENTS = frozenset({Intent.DOCUMENT_CHECKLIST})


class Step(StrEnum):
    """The steps: which program, which JHT reason, migrant worker or not, the list given."""

    PROGRAM = "program"
    REASON = "reason"
    MIGRANT = "segment"
    DONE = "done"


class Event(StrEnum):
    """What a user's message means to this flow."""

    PROGRAM_MISSING = "program_missing"
    NEEDS_REASON = "needs_reason"
    NEEDS_MIGRANT = "needs_migrant"
    LISTED = "listed"
    REFUSED = "refused"
    CANCELLED = "cancelled"


_ANY: tuple[Step | None, ...] = (None, *Step)

# (step, event) -> next step; None leaves the flow. Every answer, back, restart or continue
# asks what the list still depends on (NEEDS_REASON, NEEDS_MIGRANT) or lists (LISTED); after
# the list the flow stays at DONE, waiting for nothing, so "kembali" can change the answer.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    **{(step, Event.PROGRAM_MISSING): Step.PROGRAM for step in _ANY},
    (Step.PROGRAM, Event.REFUSED): Step.PROGRAM,
    **{(step, Event.NEEDS_REASON): Step.REASON for step in _ANY},
    (Step.REASON, Event.REFUSED): Step.REASON,
    **{(step, Event.NEEDS_MIGRANT): Step.MIGRANT for step in _ANY},
    (Step.MIGRANT, Event.REFUSED): Step.MIGRANT,
    **{(step, Event.LISTED): Step.DONE for step in _ANY},
    **{(step, Event.CANCELLED): None for step in _ANY},
}

PROGRAM_QUESTION = Question(
    "program", Kind.CHOICE, lazy_gettext("For which program's claim?"), PROGRAM_OPTIONS
)
_JHT_MIGRANT = Question(
    "segment",
    Kind.YES_NO,
    lazy_gettext("Are you a migrant worker (PMI) working abroad? Some documents differ."),
    (
        Option("yes", lazy_gettext("Yes, a migrant worker"), SEGMENTS[2].words),
        Option("no", lazy_gettext("No"), ("di indonesia", "dalam negeri", "in indonesia")),
    ),
    yes=Segment.PMI,
    no=Segment.PU,
)
_NO_MIGRANT_QUESTION = frozenset({JhtReason.LEFT_INDONESIA, JhtReason.BPU_STOPPED})


def _question(program: Program, field: str) -> Question:
    if program == Program.JHT and field == Step.MIGRANT:
        return _JHT_MIGRANT
    return QUESTIONS[(program, field)]


def _needs(program: Program, progress: Progress) -> Step | None:
    """Return what the list still depends on, if anything."""
    answers = progress.answers
    if program == Program.JHT and "reason" not in answers:
        return Step.REASON
    if program in (Program.JP, Program.JKP) or "segment" in answers:
        return None
    return None if answers.get("reason") in _NO_MIGRANT_QUESTION else Step.MIGRANT


def _ask_program(conversation: Conversation, event: Event, before: str | None = None) -> Outcome:
    step = TRANSITIONS[(conversation.step_in(FLOW, Step), event)]
    reply = ask(PROGRAM_QUESTION, intent=Intent.DOCUMENT_CHECKLIST, entities={}, before=before)
    slot = Progress(subject_asked=True).to_slot()
    return Outcome((reply,), conversation.enter(FLOW, str(step), **{SLOT: slot}))


def _ask(progress: Progress, field: str, before: str | None) -> Reply:
    program = Program(str(progress.subject))
    controls = control_buttons(
        Intent.DOCUMENT_CHECKLIST, can_go_back=bool(progress.order or progress.subject_asked)
    )
    entities = {"program": program.value}
    question = _question(program, field)
    return ask(
        question,
        intent=Intent.DOCUMENT_CHECKLIST,
        entities=entities,
        before=before,
        controls=controls,
    )


def _proceed(
    progress: Progress,
    conversation: Conversation,
    event: Event | None = None,
    before: str | None = None,
) -> Outcome:
    """Ask what the list depends on, or give the list."""
    program = Program(str(progress.subject))
    needed = _needs(program, progress)
    topic = Topic(Intent.DOCUMENT_CHECKLIST, program).as_slot()
    if needed is None:
        step = TRANSITIONS[(conversation.step_in(FLOW, Step), Event.LISTED)]
        slots = {SLOT: progress.asking_for(None).to_slot(), "topic": topic}
        return Outcome(
            render(program, progress.answers), conversation.enter(FLOW, str(step), **slots)
        )
    if event != Event.REFUSED:
        event = Event.NEEDS_REASON if needed == Step.REASON else Event.NEEDS_MIGRANT
    step = TRANSITIONS[(conversation.step_in(FLOW, Step), event)]
    progress = progress.asking_for(needed)
    slots = {SLOT: progress.to_slot(), "topic": topic}
    return Outcome((_ask(progress, needed, before),), conversation.enter(FLOW, str(step), **slots))


def _fields(program: Program) -> tuple[str, ...]:
    if program == Program.JHT:
        return ("reason", "segment")
    return ("segment",) if program in (Program.JKK, Program.JKM) else ()


def _given(question: Question, turn: Turn) -> Answer | None:
    """Return the answer a button carries, or a typed message mentions."""
    raw = turn.entity(question.field)
    if raw is not None:
        if question.field == "segment" and raw in set(Segment):
            return Answer(raw)  # the eligibility walkthrough's segment (PU, BPU or PMI)
        return from_payload(question, raw)
    if turn.from_button:
        return None
    if question.kind == Kind.CHOICE:
        option = mentioned(turn.text, question.options)
        return Answer(option.value) if option else None
    return Answer(question.yes) if mentioned(turn.text, (SEGMENTS[2],)) else None


def _prefilled(
    program: Program, turn: Turn, conversation: Conversation, progress: Progress
) -> Progress:
    """Take what the eligibility walkthrough, a button or the message already tell."""
    known = Progress.from_slot(conversation.slots.get("eligibility"))
    for field in _fields(program):
        if known is not None and known.subject == program.value and field in known.answers:
            progress = progress.answer(field, known.answers[field])
        found = _given(_question(program, field), turn)
        if found is not None:
            progress = progress.answer(field, found.value)
    return progress


def _begin(program: Program, turn: Turn, conversation: Conversation, *, asked: bool) -> Outcome:
    progress = Progress(subject=program.value, subject_asked=asked)
    intro = _("Let's see which documents your {program} claim needs.", program=program.value)
    return _proceed(_prefilled(program, turn, conversation, progress), conversation, before=intro)


def _control(control: Control, progress: Progress, conversation: Conversation) -> Outcome:
    if control == Control.CANCEL:
        return stopped(conversation, flow=FLOW, slot=SLOT)
    if progress.subject is None:
        return _ask_program(conversation, Event.PROGRAM_MISSING)
    if control == Control.RESTART:
        return _proceed(progress.restart(), conversation, before=_("Let's start again."))
    if control == Control.CONTINUE:
        return _proceed(progress, conversation, before=_("Let's go on."))
    back = progress.back()
    if back is not None:
        return _proceed(back, conversation)
    if progress.subject_asked:
        return _ask_program(conversation, Event.PROGRAM_MISSING)
    return _proceed(progress, conversation, before=_("This is the first question."))


def start(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """List the documents of the program named or last talked about, or ask which."""
    progress = Progress.from_slot(conversation.slots.get(SLOT))
    control = control_of(turn, INTENTS)
    if control is not None and progress is not None:
        return _control(control, progress, conversation)
    topic = Topic.from_slot(conversation.slots.get("topic"))
    program = turn.program or (topic.program if topic and not turn.from_button else None)
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
        return _control(control, progress, conversation)
    if turn.from_button and turn.intent not in INTENTS:
        return None
    if progress.subject is None:
        option = choose(turn.text, PROGRAM_QUESTION.options)
        program = turn.program or (Program(option.value) if option else None)
        if program is not None:
            return _begin(program, turn, conversation, asked=True)
        if turn.from_button:  # "Claim documents" from the menu again
            return _ask_program(conversation, Event.REFUSED)
        if looks_elsewhere(turn):
            return None
        before = _("Please choose one of the buttons, or type its number.")
        return _ask_program(conversation, Event.REFUSED, before)
    current = Program(progress.subject)
    if turn.program is not None and turn.program != current and turn.intent in INTENTS:
        return _begin(turn.program, turn, conversation, asked=False)
    if turn.from_button:
        return _proceed(_prefilled(current, turn, conversation, progress), conversation)
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None  # the list is given: only the controls still apply
    question = _question(current, str(progress.asking))
    result = read(question, turn, user_today(turn, conversation))
    if isinstance(result, Answer):
        return _proceed(progress.answer(question.field, result.value), conversation)
    if turn.intent in INTENTS and turn.confidence >= 0.5:
        return _proceed(progress, conversation, before=_("Let's go on."))
    if not result.readable and looks_elsewhere(turn):
        return None
    return _proceed(progress, conversation, Event.REFUSED, result.message)


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the waiting question again after the user asked something else in between."""
    progress = Progress.from_slot(conversation.slots.get(SLOT)) or Progress()
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None
    if progress.subject is None or progress.asking not in (Step.REASON, Step.MIGRANT):
        before = _("↩️ Back to your document checklist:")
        return ask(PROGRAM_QUESTION, intent=Intent.DOCUMENT_CHECKLIST, entities={}, before=before)
    before = _("↩️ Back to the documents for your {program} claim:", program=progress.subject)
    return _ask(progress, str(progress.asking), before)
