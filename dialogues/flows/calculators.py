"""Calculators in chat: contributions, the JKP benefit, and the tax on a JHT lump sum.

- contributions of a wage earner (wage, JKK risk level), a migrant worker (contract length,
  agency or not, the optional JHT amount) or an informal worker (income);
- the JKP benefit (last reported wage);
- the tax on a JHT paid at once (the amount).

They are offered as buttons on the answers they belong to (`faq_contribution`, `jht_tax`,
`jkp_requirements`; the JKP answer has its own), by wrapping those handlers (`offered_on`),
and start on typed requests that ask for a calculation or name an amount ("pajak jht 80
juta berapa?"). Button payloads use those intents with a `calc` entity
(`/faq_contribution{"calc":"wage_earner"}`). Controls as in every walkthrough.
Diagram: `calculators.mmd` beside this file.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from dialogues.flows.base import (
    FlowContext,
    Handler,
    Outcome,
    Topic,
    Turn,
    button,
    settle,
    user_today,
)
from dialogues.flows.calculator_questions import (
    CONTRIBUTIONS,
    INTENT,
    KIND_QUESTION,
    QUESTIONS,
    Calc,
    intro,
    requested,
)
from dialogues.flows.calculator_results import calculate
from dialogues.flows.questions import (
    Answer,
    Kind,
    Question,
    Refusal,
    ask,
    choose,
    from_payload,
    option_values,
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
from dialogues.messages import Button, Reply
from dialogues.numbers import NumberProblem, find_amount, parse_amount
from dialogues.state import Conversation
from nlu import Intent, Program

FLOW = "calculator"
SLOT = "calculator"
INTENTS = frozenset({Intent.FAQ_CONTRIBUTION, Intent.JHT_TAX, Intent.PROGRAM_INFO})


class Step(StrEnum):
    """The steps of a calculator: which one (contributions only), its questions, the result."""

    KIND = "kind"
    QUESTION = "question"
    DONE = "done"


class Event(StrEnum):
    """What a user's message means to this flow."""

    KIND_MISSING = "kind_missing"
    ASKED = "asked"
    CALCULATED = "calculated"
    CANCELLED = "cancelled"


_ANY: tuple[Step | None, ...] = (None, *Step)

# (step, event) -> next step; None leaves the flow. Every answer, refusal, back, restart or
# continue ends in ASKED (the next or the same question) or CALCULATED; after the result the
# flow stays at DONE, waiting for nothing, so "kembali" can still change the last answer.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    **{(step, Event.KIND_MISSING): Step.KIND for step in _ANY},
    **{(step, Event.ASKED): Step.QUESTION for step in _ANY},
    **{(step, Event.CALCULATED): Step.DONE for step in _ANY},
    **{(step, Event.CANCELLED): None for step in _ANY},
}


def _go(conversation: Conversation, event: Event) -> Step | None:
    return TRANSITIONS[(conversation.step_in(FLOW, Step), event)]


def _entities(kind: Calc) -> dict[str, Any]:
    entities: dict[str, Any] = {"calc": kind.value}
    return {**entities, "program": Program.JKP.value} if kind == Calc.JKP_BENEFIT else entities


def _ask_kind(conversation: Conversation, before: str | None = None) -> Outcome:
    step = _go(conversation, Event.KIND_MISSING)
    reply = ask(KIND_QUESTION, intent=Intent.FAQ_CONTRIBUTION, entities={}, before=before)
    slot = Progress(subject_asked=True).to_slot()
    return Outcome((reply,), conversation.enter(FLOW, str(step), **{SLOT: slot}))


def _question(progress: Progress, before: str | None) -> Reply:
    kind = Calc(str(progress.subject))
    question = next(q for q in QUESTIONS[kind] if q.field == progress.asking)
    can_go_back = bool(progress.order or progress.subject_asked)
    controls = control_buttons(INTENT[kind], can_go_back=can_go_back, **_entities(kind))
    return ask(
        question, intent=INTENT[kind], entities=_entities(kind), before=before, controls=controls
    )


def _proceed(progress: Progress, conversation: Conversation, before: str | None = None) -> Outcome:
    """Ask the first unanswered question, or give the result."""
    kind = Calc(str(progress.subject))
    waiting = next((q for q in QUESTIONS[kind] if q.field not in progress.answers), None)
    if waiting is None:
        step = _go(conversation, Event.CALCULATED)
        slot = progress.asking_for(None).to_slot()
        return Outcome(
            calculate(kind, progress.answers), conversation.enter(FLOW, str(step), **{SLOT: slot})
        )
    step = _go(conversation, Event.ASKED)
    progress = progress.asking_for(waiting.field)
    reply = _question(progress, before)
    return Outcome((reply,), conversation.enter(FLOW, str(step), **{SLOT: progress.to_slot()}))


def _read(question: Question, turn: Turn, conversation: Conversation) -> Answer | Refusal:
    """Read an answer; a JHT amount may also be typed as money ("100rb")."""
    if question.field == "jht_monthly":
        amount = parse_amount(turn.text)
        if not isinstance(amount, NumberProblem) and str(amount) in option_values(question):
            return Answer(str(amount))
    return read(question, turn, user_today(turn, conversation))


def _prefilled(kind: Calc, turn: Turn, progress: Progress) -> Progress:
    """Take the answers buttons carry, and an amount a typed request names."""
    for question in QUESTIONS[kind]:
        raw = turn.entity(question.field)
        found = from_payload(question, raw) if raw is not None else None
        if found is not None:
            progress = progress.answer(question.field, found.value)
    first = QUESTIONS[kind][0]
    amount = None if turn.from_button else find_amount(turn.text)
    if first.kind == Kind.AMOUNT and amount is not None and first.field not in progress.answers:
        progress = progress.answer(first.field, amount)
    return progress


def _begin(kind: Calc, turn: Turn, conversation: Conversation, *, asked: bool) -> Outcome:
    progress = _prefilled(kind, turn, Progress(subject=kind.value, subject_asked=asked))
    return _proceed(progress, conversation, intro(kind))


def _control(control: Control, progress: Progress, conversation: Conversation) -> Outcome:
    if control == Control.CANCEL:
        return stopped(conversation, flow=FLOW, slot=SLOT)
    if progress.subject not in INTENT:
        return _ask_kind(conversation)
    if control == Control.RESTART:
        return _proceed(progress.restart(), conversation, _("Let's start again."))
    if control == Control.CONTINUE:
        return _proceed(progress, conversation, _("Let's go on."))
    back = progress.back()
    if back is not None:
        return _proceed(back, conversation)
    if progress.subject_asked:
        return _ask_kind(conversation)
    return _proceed(progress, conversation, _("This is the first question."))


def start(kind: Calc, turn: Turn, conversation: Conversation) -> Outcome:
    """Start a calculator (or ask whose contributions, for `Calc.ASK`)."""
    progress = Progress.from_slot(conversation.slots.get(SLOT))
    control = control_of(turn, INTENTS)
    if control is not None and progress is not None and progress.subject == kind.value:
        return _control(control, progress, conversation)
    if kind == Calc.ASK:
        return _ask_kind(conversation)
    return _begin(kind, turn, conversation, asked=False)


def _offers(topic: Topic | None) -> tuple[Button, ...]:
    """Return the calculator buttons offered on an answer about `topic`."""
    if topic is None:
        return ()
    if topic.intent == Intent.FAQ_CONTRIBUTION:
        return tuple(
            button(_("Calculate: {who}", who=str(o.label)), Intent.FAQ_CONTRIBUTION, calc=o.value)
            for o in CONTRIBUTIONS
        )
    if topic.intent == Intent.JHT_TAX:
        return (button(_("Calculate the tax on my JHT"), Intent.JHT_TAX, calc=Calc.JHT_TAX.value),)
    if topic.intent == Intent.JKP_REQUIREMENTS:
        jkp = Program.JKP.value
        return (
            button(
                _("JKP benefit calculator"), Intent.PROGRAM_INFO, program=jkp, calc=Calc.JKP_BENEFIT
            ),
            button(_("Can I claim JKP?"), Intent.CHECK_ELIGIBILITY, program=jkp),
        )
    return ()


def offered_on(handler: Handler) -> Handler:
    """Answer as `handler` does, but start a calculator when asked, and offer it on the answer."""

    async def answer_or_calculate(
        turn: Turn, conversation: Conversation, context: FlowContext
    ) -> Outcome:
        kind = requested(turn)
        if kind is not None:
            return start(kind, turn, conversation)
        outcome = await settle(handler(turn, conversation, context))
        offers = _offers(Topic.from_slot(outcome.conversation.slots.get("topic")))
        if not offers or not outcome.replies:
            return outcome
        *first, last = outcome.replies
        last = replace(last, buttons=(*offers, *last.buttons))
        return replace(outcome, replies=(*first, last))

    return answer_or_calculate


def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the answer to the waiting question; None when the message is about something else."""
    progress = Progress.from_slot(conversation.slots.get(SLOT))
    if progress is None or conversation.step_in(FLOW, Step) is None:
        return _ask_kind(conversation.leave(SLOT))
    control = control_of(turn, INTENTS)
    if control == Control.CONTINUE and conversation.step_in(FLOW, Step) == Step.DONE:
        return None  # nothing to go on with: "lanjut" is answered as a plain "ok"
    if control is not None:
        return _control(control, progress, conversation)
    if turn.from_button and turn.intent not in INTENTS:
        return None
    kind = requested(turn) if turn.from_button else None
    if kind is not None and kind.value != progress.subject:
        return start(kind, turn, conversation)
    if progress.subject not in INTENT:
        option = choose(turn.text, KIND_QUESTION.options)
        if option is not None:
            return _begin(Calc(option.value), turn, conversation, asked=True)
        if looks_elsewhere(turn):
            return None
        return _ask_kind(conversation, _("Please choose one of the buttons, or type its number."))
    current = Calc(str(progress.subject))
    if turn.from_button:
        return _proceed(_prefilled(current, turn, progress), conversation)
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None  # the result is given: only the controls still apply
    question = next((q for q in QUESTIONS[current] if q.field == progress.asking), None)
    if question is None:  # a question of an older version of the bot
        return _proceed(progress, conversation)
    result = _read(question, turn, conversation)
    if isinstance(result, Answer):
        return _proceed(progress.answer(question.field, result.value), conversation)
    if not result.readable and looks_elsewhere(turn):
        return None
    return _proceed(progress, conversation, result.message)


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the waiting question again after the user asked something else in between."""
    progress = Progress.from_slot(conversation.slots.get(SLOT)) or Progress()
    if conversation.step_in(FLOW, Step) == Step.DONE:
        return None
    before = _("↩️ Back to the calculator:")
    fields = (
        {q.field for q in QUESTIONS[Calc(progress.subject)]} if progress.subject in INTENT else ()
    )
    if progress.asking not in fields:
        return ask(KIND_QUESTION, intent=Intent.FAQ_CONTRIBUTION, entities={}, before=before)
    return _question(progress, before)
