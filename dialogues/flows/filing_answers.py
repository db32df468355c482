"""Taking the answers of a claim filing once it has started: documents, bank, confirmation.

The step handler of `filing` (its steps and transitions are there): the program chosen, the
answers of the eligibility walkthrough running inside the filing, each document, the bank
account field by field, and the confirmation that files the claim, once. "kembali", "ulang",
"batal" and "lanjut" work at any point; `remind` asks the waiting question again.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from dialogues.errors import NotLinked
from dialogues.flows import eligibility, filing_replies, filing_steps
from dialogues.flows.base import FlowContext, Outcome, Turn, settle, user_today
from dialogues.flows.eligibility_questions import PROGRAM_QUESTION
from dialogues.flows.filing import (
    AFTER_CHECK,
    INTENTS,
    SLOT,
    Event,
    Step,
    after_decision,
    ask,
    from_walkthrough,
    go,
    question,
    start,
    step_of,
    stop,
)
from dialogues.flows.filing_steps import Filing, answers_of
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import Refusal, choose, yes_or_no
from dialogues.flows.walkthrough import ASIDE_CONFIDENCE, Control, control_of, looks_elsewhere
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.services_cases import ClaimFile, ClaimRequest, Filed
from dialogues.state import Conversation
from nlu import Entity, Intent, Program

_ACTIONS = frozenset({"confirm", "change_bank"})
_ANSWER_LIKE = frozenset({Intent.OUT_OF_SCOPE, Intent.AFFIRM, Intent.DENY})


def _control(control: Control, filing: Filing, conversation: Conversation) -> Outcome | None:
    step = step_of(conversation)
    if control == Control.CANCEL:
        text = _("All right, I've stopped. Nothing was filed. What else can I help you with?")
        return stop(conversation.leave(eligibility.SLOT), text)
    if step not in AFTER_CHECK:
        return None
    if control == Control.CONTINUE:
        return ask(conversation, Event.REFUSED, filing, _("Let's go on."))
    if control == Control.RESTART:
        restarted = replace(filing, files={}, bank_name=None, account=None, holder=None)
        if restarted.next_kind is None:  # no documents: the bank account is the start
            return ask(conversation, Event.CHANGE_BANK, restarted, _("Let's start again."))
        return ask(conversation, Event.RESTARTED, restarted, _("Let's start again."))
    first = step == Step.DOCUMENT and not filing.files
    if first or (step == Step.BANK_NAME and not filing.needed):
        return ask(conversation, Event.REFUSED, filing, _("This is the first question."))
    back = filing.without_last_file() if step in (Step.DOCUMENT, Step.BANK_NAME) else filing
    return ask(conversation, Event.BACK, back)


async def _confirm(
    filing: Filing, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    """File the claim, once: the submission key is the same however often this runs."""
    key = hashlib.sha256(f"{turn.channel}\n{turn.user_id}\n{filing.id}".encode()).hexdigest()
    answers = answers_of(conversation)
    request = ClaimRequest(
        facts=filing_steps.facts_of(filing.program, answers, user_today(turn, conversation)),
        files=tuple(ClaimFile(kind, file_id) for kind, file_id in filing.files.items()),
        bank=filing_steps.bank_of(filing),
        language=turn.language,
        submission_key=key,
    )
    try:
        result = await context.services.claims.file(
            turn.channel, turn.user_id, request, now=turn.now
        )
    except NotLinked:
        text = _(
            "This chat is no longer linked to your KPJ number, so nothing was filed. Type "
            '"klaim {program}" to start again.',
            program=filing.program.value,
        )
        return stop(conversation, text)
    if not isinstance(result, Filed):
        return after_decision(result.decision, filing, conversation)
    # The account number leaves the conversation once the claim holds it.
    done = replace(filing, reference=result.reference, account=None, files={}, needed=())
    text = filing_replies.filed(result.reference, filing.program, again=not result.created)
    after = go(conversation, Event.FILED, done)
    return Outcome((Reply(text, buttons=short_menu()),), after)


async def _take(
    filing: Filing, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome | None:
    """Take the answer to the step's question."""
    step = step_of(conversation)
    if step == Step.DOCUMENT:
        if not turn.attachments:
            if looks_elsewhere(turn):
                return None
            before = _('Please send the document as a photo or a PDF file. To stop, type "batal".')
            return ask(conversation, Event.REFUSED, filing, before)
        taken = filing_steps.take_files(filing, turn.attachments)
        if isinstance(taken, Refusal):
            return ask(conversation, Event.REFUSED, filing, taken.message)
        if taken.next_kind is None:
            return ask(
                conversation, Event.NEEDS_BANK, taken, _("Thank you, I have every document.")
            )
        return ask(conversation, Event.CLAIMABLE, taken, _("Thank you, received."))
    if turn.attachments:
        return ask(
            conversation, Event.REFUSED, filing, _("Thank you, but I'm not waiting for a file now.")
        )
    if step == Step.CONFIRM:
        said = yes_or_no(turn)
        if said:
            return await _confirm(filing, turn, conversation, context)
        if said is False:
            before = _(
                'Nothing was filed. Tap "Change the bank account" to correct it, or "Stop" to '
                "leave without filing."
            )
            return ask(conversation, Event.REFUSED, filing, before)
        return None if looks_elsewhere(turn) else ask(conversation, Event.REFUSED, filing)
    readers = {
        Step.BANK_NAME: (filing_steps.read_bank_name, "bank_name", Event.BANK_TAKEN),
        Step.ACCOUNT: (filing_steps.read_account, "account", Event.ACCOUNT_TAKEN),
        Step.HOLDER: (filing_steps.read_holder, "holder", Event.HOLDER_TAKEN),
    }
    if step not in readers:
        return None
    reader, field, event = readers[step]
    value = reader(turn.text)
    if isinstance(value, Refusal):
        if step != Step.ACCOUNT and looks_elsewhere(turn):
            return None
        return ask(conversation, Event.REFUSED, filing, value.message)
    return ask(conversation, event, _with(filing, field, value))


def _with(filing: Filing, field: str, value: str) -> Filing:
    if field == "bank_name":
        return replace(filing, bank_name=value)
    if field == "account":
        return replace(filing, account=value)
    return replace(filing, holder=value)


async def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the answer to the waiting question; None when the message is about something else."""
    filing = Filing.from_slot(conversation.slots.get(SLOT))
    step = step_of(conversation)
    if step == Step.PROGRAM:
        return await _choose_program(turn, conversation, context)
    if filing is None or step is None:
        return None
    action = turn.entity("action") if turn.from_button and turn.intent in INTENTS else None
    if step == Step.DONE:
        if action == "confirm" and filing.reference:
            text = filing_replies.filed(filing.reference, filing.program, again=True)
            return Outcome((Reply(text, buttons=short_menu()),), conversation)
        return None
    if turn.from_button and turn.intent in INTENTS:
        if turn.program is not None and turn.program != filing.program:
            return None  # another program's filing starts afresh
        pressed = control_of(turn, INTENTS) is not None or (
            action in _ACTIONS and step == Step.CONFIRM
        )
        if step != Step.ELIGIBILITY and not pressed:
            return ask(conversation, Event.REFUSED, filing, _("Let's go on."))
    if step == Step.ELIGIBILITY:
        control = control_of(turn, INTENTS)
        if control == Control.CANCEL:
            return _control(control, filing, conversation)
        view = conversation.enter(eligibility.FLOW, str(filing.walkthrough_step))
        outcome = await settle(eligibility.resume(turn, view, context))
        return None if outcome is None else from_walkthrough(outcome, filing, conversation, turn)
    if action == "confirm" and step == Step.CONFIRM:
        return await _confirm(filing, turn, conversation, context)
    if action == "change_bank" and step == Step.CONFIRM:
        return ask(conversation, Event.CHANGE_BANK, filing)
    control = control_of(turn, INTENTS)
    if control is not None:
        return _control(control, filing, conversation)
    if turn.from_button:
        return None
    return await _take(filing, turn, conversation, context)


async def _choose_program(
    turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome | None:
    control = control_of(turn, INTENTS)
    if control == Control.CANCEL:
        return stop(conversation, _("All right, I've stopped. What else can I help you with?"))
    option = choose(turn.text, PROGRAM_QUESTION.options) if not turn.from_button else None
    program = turn.program or (Program(option.value) if option else None)
    if program is None:
        answer_like = turn.intent in _ANSWER_LIKE or turn.confidence < ASIDE_CONFIDENCE
        if turn.from_button or (control is None and not answer_like):
            return None
        reply = Reply(
            _("Please choose one of the buttons, or type its number."),
            buttons=filing_replies.program_buttons(),
        )
        return Outcome((reply,), go(conversation, Event.REFUSED, None))
    chosen = replace(
        turn,
        intent=Intent.FILE_CLAIM,
        entities=(Entity("program", program.value, 0, 0),),
        from_button=True,
    )
    left = conversation.leave(SLOT)
    return await start(chosen, left, context)


def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
    """Ask the waiting question again after the user asked something else in between."""
    filing = Filing.from_slot(conversation.slots.get(SLOT))
    step = step_of(conversation)
    if step in (None, Step.DONE) or (filing is None and step != Step.PROGRAM):
        return None
    if step == Step.PROGRAM or filing is None:
        return None  # the program question is not asked again: a program named starts it
    before = _("↩️ Back to filing your {program} claim:", program=filing.program.value)
    if step == Step.ELIGIBILITY:
        view = conversation.enter(eligibility.FLOW, str(filing.walkthrough_step))
        reminder = eligibility.remind(view, context)
        return replace(reminder, text=f"{before}\n{reminder.text}") if reminder else None
    if step == Step.CONFIRM:
        reply = filing_replies.summary(filing, answers_of(conversation))
        return replace(reply, text=f"{before}\n\n{reply.text}")
    return question(step, filing, before)
