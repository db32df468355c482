"""Filing a claim in the chat: program, who you are, can you claim, documents, bank, confirm.

1. The program: named, the last one talked about, or asked with a button per program. JKM
   (the heirs, at a branch) and JKP (SIAPkerja) are not filed here: the answer says how.
2. Linking (`linking.require`): the claim is the participant's own.
3. Eligibility: a decision the eligibility walkthrough already made for this program is used;
   otherwise the walkthrough runs here, inside the filing, with what the registry knows
   (birth date, membership start, segment) filled in. Not claimable (yet): say until when.
4. Each document of the decision's checklist as a photo or PDF (the channel checked the bytes
   and size already), then for JHT a recent front-facing photo.
5. The bank account: bank name, number (8 to 20 digits), holder's name.
6. A summary with the account masked; the claim is filed only on confirmation, with a
   submission key made of channel, user and this filing's id, so a repeated message or a
   double tap files one claim. The reference is given; the flow stays at DONE.

"kembali" takes the last document or answer back, "batal" stops. Diagram: `filing.mmd`.
Here: the steps and transitions, and starting (1 to 3); the answers after that (4 to 6), the
controls and the question asked again are `filing_answers`; what the filing keeps and reads
is `filing_steps`, what it says `filing_replies`.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from enum import StrEnum
from typing import Any

from dialogues.flows import eligibility, filing_replies, filing_steps, linking
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer, button, settle
from dialogues.flows.filing_steps import FILEABLE, Filing, answers_of, decision_of
from dialogues.flows.menu import short_menu
from dialogues.flows.walkthrough import control_buttons
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.rules import Decision
from dialogues.services_identity import Person
from dialogues.state import Conversation
from nlu import Entity, Intent, Program

FLOW = "file_claim"
SLOT = "filing"
INTENTS = frozenset({Intent.FILE_CLAIM})


class Step(StrEnum):
    """The steps of filing a claim."""

    PROGRAM = "program"
    ELIGIBILITY = "eligibility"
    DOCUMENT = "document"
    BANK_NAME = "bank_name"
    ACCOUNT = "account"
    HOLDER = "holder"
    CONFIRM = "confirm"
    DONE = "done"


class Event(StrEnum):
    """What a user's message means to this flow."""

    PROGRAM_MISSING = "program_missing"
    CHECKING = "checking"
    CLAIMABLE = "claimable"
    NEEDS_BANK = "needs_bank"
    NOT_CLAIMABLE = "not_claimable"
    BANK_TAKEN = "bank_taken"
    ACCOUNT_TAKEN = "account_taken"
    HOLDER_TAKEN = "holder_taken"
    CHANGE_BANK = "change_bank"
    BACK = "back"
    RESTARTED = "restarted"
    REFUSED = "refused"
    FILED = "filed"
    CANCELLED = "cancelled"


_ANY: tuple[Step | None, ...] = (None, *Step)
_COLLECTING = (Step.ELIGIBILITY, Step.DOCUMENT)
AFTER_CHECK = (Step.DOCUMENT, Step.BANK_NAME, Step.ACCOUNT, Step.HOLDER, Step.CONFIRM)

# (step, event) -> next step; None leaves the flow. "kembali" re-enters the step before.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    **{(step, Event.PROGRAM_MISSING): Step.PROGRAM for step in _ANY},
    **{(step, Event.CHECKING): Step.ELIGIBILITY for step in _ANY},
    **{(step, Event.CLAIMABLE): Step.DOCUMENT for step in (None, Step.ELIGIBILITY)},
    (Step.DOCUMENT, Event.CLAIMABLE): Step.DOCUMENT,
    **{(step, Event.NEEDS_BANK): Step.BANK_NAME for step in (None, *_COLLECTING)},
    **{(step, Event.NOT_CLAIMABLE): None for step in (None, Step.ELIGIBILITY, Step.CONFIRM)},
    (Step.BANK_NAME, Event.BANK_TAKEN): Step.ACCOUNT,
    (Step.ACCOUNT, Event.ACCOUNT_TAKEN): Step.HOLDER,
    (Step.HOLDER, Event.HOLDER_TAKEN): Step.CONFIRM,
    (Step.CONFIRM, Event.CHANGE_BANK): Step.BANK_NAME,
    (Step.DOCUMENT, Event.BACK): Step.DOCUMENT,
    (Step.BANK_NAME, Event.BACK): Step.DOCUMENT,
    (Step.ACCOUNT, Event.BACK): Step.BANK_NAME,
    (Step.HOLDER, Event.BACK): Step.ACCOUNT,
    (Step.CONFIRM, Event.BACK): Step.HOLDER,
    **{(step, Event.RESTARTED): Step.DOCUMENT for step in AFTER_CHECK},
    **{(step, Event.REFUSED): step for step in Step},
    (Step.CONFIRM, Event.FILED): Step.DONE,
    (Step.DONE, Event.FILED): Step.DONE,
    **{(step, Event.CANCELLED): None for step in _ANY},
}


def step_of(conversation: Conversation) -> Step | None:
    """Return the step the filing waits at; None when it is not filing."""
    if conversation.flow != FLOW or conversation.step not in set(Step):
        return None
    return Step(conversation.step)


def go(conversation: Conversation, event: Event, filing: Filing | None) -> Conversation:
    """Move by `TRANSITIONS` on `event`, keeping `filing` in the slot (leaving: clearing it)."""
    step = TRANSITIONS[(step_of(conversation), event)]
    slot = filing.to_slot() if filing is not None else None
    if step is None:
        left = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
        return left.with_slots(**{SLOT: None})
    return conversation.enter(FLOW, str(step), **{SLOT: slot})


def _controls(can_go_back: bool = True) -> tuple[Any, ...]:
    return control_buttons(Intent.FILE_CLAIM, can_go_back=can_go_back)


def question(step: Step, filing: Filing, before: str | None = None) -> Reply:
    """Return the question of a step after the walkthrough."""
    if step == Step.DOCUMENT:
        return Reply(filing_replies.ask_document(filing, before), buttons=_controls())
    text = str(filing_replies.BANK_QUESTIONS[step])
    return Reply(f"{before}\n\n{text}" if before else text, buttons=_controls())


def ask(
    conversation: Conversation, event: Event, filing: Filing, before: str | None = None
) -> Outcome:
    """Move on `event` and ask the question of the step reached (the summary to confirm)."""
    after = go(conversation, event, filing)
    step = Step(str(after.step))
    if step == Step.CONFIRM:
        reply = filing_replies.summary(filing, answers_of(conversation))
        if before:
            reply = replace(reply, text=f"{before}\n\n{reply.text}")
        return Outcome((reply,), after)
    return Outcome((question(step, filing, before),), after)


def stop(conversation: Conversation, text: str, replies: tuple[Reply, ...] = ()) -> Outcome:
    """Leave the filing, saying `text` after `replies`."""
    left = go(conversation, Event.CANCELLED, None)
    return Outcome((*replies, Reply(text, buttons=short_menu())), left)


def after_decision(
    decision: Decision,
    filing: Filing,
    conversation: Conversation,
    replies: tuple[Reply, ...] = (),
) -> Outcome:
    """Refuse what can't be filed (saying until when), or ask for the first document."""
    if not decision.eligible:
        after = go(conversation, Event.NOT_CLAIMABLE, None)
        return Outcome(
            (*replies, Reply(filing_replies.not_yet(decision), buttons=short_menu())), after
        )
    elsewhere = filing_replies.not_here(decision.program, decision)
    if elsewhere is not None:
        return stop(conversation, elsewhere, replies)
    # The decision's own buttons (documents, how to claim) would lead away from the filing.
    shown = tuple(replace(reply, buttons=()) for reply in replies)
    filing = replace(filing, walkthrough_step=None, needed=filing_steps.needed_documents(decision))
    intro = _("Let's file your {program} claim.", program=decision.program.value)
    if filing.next_kind is None:
        outcome = ask(conversation, Event.NEEDS_BANK, filing, intro)
    else:
        outcome = ask(conversation, Event.CLAIMABLE, filing, intro)
    return Outcome((*shown, *outcome.replies), outcome.conversation)


async def _check(
    filing: Filing, person: Person, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    """Use the eligibility decision already made, or run the walkthrough inside the filing."""
    decision = decision_of(filing.program, conversation, turn)
    if decision is not None:
        return after_decision(decision, filing, conversation)
    known = {"program": filing.program.value, **filing_steps.prefill(filing.program, person)}
    check = Turn(
        text="",
        intent=Intent.CHECK_ELIGIBILITY,
        confidence=1.0,
        language=turn.language,
        now=turn.now,
        entities=tuple(Entity(k, v, 0, 0) for k, v in known.items()),
        from_button=True,
        channel=turn.channel,
        user_id=turn.user_id,
    )
    base = conversation.leave(eligibility.SLOT) if conversation.flow else conversation
    outcome = await settle(
        eligibility.start(check, base.with_slots(**{eligibility.SLOT: None}), context)
    )
    return from_walkthrough(outcome, filing, conversation, turn)


def from_walkthrough(
    outcome: Outcome, filing: Filing, conversation: Conversation, turn: Turn
) -> Outcome:
    """Carry on after the walkthrough answered: stopped, decided, or asking its next question."""
    after = outcome.conversation
    if after.flow != eligibility.FLOW:  # stopped with "batal"
        return Outcome(outcome.replies, after.leave(SLOT).with_slots(**{SLOT: None}))
    if after.step == eligibility.Step.DONE:
        decision = decision_of(filing.program, after, turn)
        if decision is not None:
            return after_decision(decision, filing, after, outcome.replies)
    filing = replace(filing, walkthrough_step=after.step)
    step = TRANSITIONS[(step_of(conversation), Event.CHECKING)]
    return Outcome(outcome.replies, after.enter(FLOW, str(step), **{SLOT: filing.to_slot()}))


def _program(turn: Turn, conversation: Conversation) -> Program | None:
    if turn.program is not None:
        return turn.program
    topic = Topic.from_slot(conversation.slots.get("topic"))
    return topic.program if topic is not None and not turn.from_button else None


def _how(program: Program, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer how to claim the program through the official channels."""
    buttons = (
        (button(_("📝 File it here in the chat"), Intent.FILE_CLAIM, program=program.value),)
        if program in FILEABLE
        else ()
    )
    topic = Topic(Intent.FILE_CLAIM, program)
    return answer(
        f"{Intent.FILE_CLAIM}/{program.value}",
        conversation,
        context,
        topic=topic,
        buttons=(*buttons, *short_menu()),
    )


async def start(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Start filing a claim of the program named, or the one last talked about, or ask which."""
    earlier = Filing.from_slot(conversation.slots.get(SLOT))
    action = turn.entity("action")
    if action == "confirm" and earlier is not None and earlier.reference:
        text = filing_replies.filed(earlier.reference, earlier.program, again=True)
        return Outcome((Reply(text, buttons=short_menu()),), conversation)
    program = _program(turn, conversation)
    if program is None:
        reply = Reply(
            _("Which program do you want to claim?"), buttons=filing_replies.program_buttons()
        )
        return Outcome((reply,), go(conversation, Event.PROGRAM_MISSING, None))
    if action == "how":
        return _how(program, conversation, context)
    elsewhere = filing_replies.not_here(program)
    if elsewhere is not None:
        how = _how(
            program, conversation.leave(SLOT) if step_of(conversation) else conversation, context
        )
        return Outcome((Reply(elsewhere), *how.replies), how.conversation)
    if action != "continue" and not await context.services.identity.linked(
        turn.channel, turn.user_id
    ):
        # Not linked yet: the official channels first, so the user can choose.
        how = _how(program, conversation, context)
        intro = _("I can also file your {program} claim right here.", program=program.value)
        request = replace(
            turn,
            intent=Intent.FILE_CLAIM,
            entities=(Entity("program", program.value, 0, 0), Entity("action", "continue", 0, 0)),
        )
        asked = await linking.require(request, how.conversation, context, before=intro)
        if isinstance(asked, Outcome):
            return Outcome((*how.replies, *asked.replies), asked.conversation)
    found = await linking.require(turn, conversation, context)
    if isinstance(found, Outcome):
        return found
    filing = Filing(id=secrets.token_hex(8), program=program)
    return await _check(filing, found, turn, conversation, context)
