"""Questions about one program: what it is and how to claim it.

When the message names no program (and the last answer was about none), the flow asks which
one, with a button per program. "Can I claim?" and "which documents?" are walkthroughs of
their own (`eligibility`, `documents`). Diagram: `programs.mmd` beside this file.
"""

from __future__ import annotations

from enum import StrEnum

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer, button
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.state import Conversation
from nlu import Intent, Program

FLOW = "choose_program"


class Step(StrEnum):
    """The steps of the program question."""

    CHOOSING = "choosing"


class Event(StrEnum):
    """What a user's message means to this flow."""

    PROGRAM_KNOWN = "program_known"
    PROGRAM_MISSING = "program_missing"


# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.PROGRAM_KNOWN): None,
    (None, Event.PROGRAM_MISSING): Step.CHOOSING,
    (Step.CHOOSING, Event.PROGRAM_KNOWN): None,
}

# Asked with a program named, these start walkthroughs of their own instead of an answer.
WALKTHROUGH_INTENTS = frozenset({Intent.CHECK_ELIGIBILITY, Intent.DOCUMENT_CHECKLIST})

PROGRAM_NAMES = {
    Program.JHT: "JHT",
    Program.JKK: "JKK",
    Program.JKM: "JKM",
    Program.JP: "JP",
    Program.JKP: "JKP",
}


def _questions() -> dict[str, str]:
    return {
        Intent.PROGRAM_INFO: _("Which program would you like to know about?"),
        Intent.FILE_CLAIM: _("Which program do you want to claim?"),
    }


def _follow_ups(program: Program) -> tuple[Button, ...]:
    buttons = [
        button(_("Can I claim?"), Intent.CHECK_ELIGIBILITY, program=program.value),
        button(_("Documents"), Intent.DOCUMENT_CHECKLIST, program=program.value),
        button(_("How to claim"), Intent.FILE_CLAIM, program=program.value),
    ]
    if program == Program.JKP:
        calculator = _("JKP benefit calculator")
        buttons.append(button(calculator, Intent.PROGRAM_INFO, program="JKP", calc="jkp_benefit"))
    buttons.append(button(_("Other programs"), Intent.PROGRAM_INFO))
    return tuple(buttons)


def _answer(
    intent: str, program: Program, conversation: Conversation, context: FlowContext
) -> Outcome:
    # Leave the program question, but not a walkthrough waiting while this is answered.
    done = conversation.leave() if conversation.flow == FLOW else conversation
    topic = Topic(intent, program)
    key = f"{intent}/{program.value}"
    return answer(
        key, done.with_slots(for_intent=None), context, topic=topic, buttons=_follow_ups(program)
    )


def about_program(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer about the program named, or the one last talked about, or ask which."""
    topic = Topic.from_slot(conversation.slots.get("topic"))
    program = turn.program
    if program is None and not turn.from_button and topic is not None:
        # "dokumennya apa aja?" after a JHT answer is about JHT; a menu button asks afresh.
        program = topic.program
    if program is not None:
        return _answer(turn.intent, program, conversation, context)
    buttons = tuple(button(PROGRAM_NAMES[p], turn.intent, program=p.value) for p in Program)
    step = TRANSITIONS[(None, Event.PROGRAM_MISSING)]
    reply = Reply(_questions()[turn.intent], buttons=buttons)
    return Outcome((reply,), conversation.enter(FLOW, str(step), for_intent=turn.intent))


def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the program chosen; a message naming no program is not an answer."""
    intent = conversation.slots.get("for_intent")
    if turn.program is None or intent not in _questions():
        return None
    if turn.intent in WALKTHROUGH_INTENTS and not turn.from_button and turn.confidence >= 0.5:
        return None  # "bisa klaim jkm ga?" starts its own walkthrough
    # "apa itu jkm" while we asked about documents means what it says; "jkm" answers us.
    asks_itself = turn.intent in _questions() and not turn.from_button and turn.confidence >= 0.5
    if asks_itself and not turn.is_follow_up:
        intent = turn.intent
    return _answer(str(intent), turn.program, conversation, context)
