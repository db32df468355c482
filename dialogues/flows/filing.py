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
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from enum import StrEnum
from typing import Any

from dialogues.errors import MissingFact, NotLinked
from dialogues.flows import eligibility, filing_steps, linking
from dialogues.flows.base import (
    FlowContext,
    Outcome,
    Topic,
    Turn,
    answer,
    button,
    settle,
    user_today,
)
from dialogues.flows.eligibility_questions import PROGRAM_QUESTION
from dialogues.flows.filing_steps import FILEABLE, Filing
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import Refusal, choose, yes_or_no
from dialogues.flows.walkthrough import (
    ASIDE_CONFIDENCE,
    Control,
    Progress,
    control_buttons,
    control_of,
    looks_elsewhere,
)
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.rules import Decision, decide
from dialogues.services import ClaimFile, ClaimRequest, Filed, Person
from dialogues.state import Conversation
from nlu import Entity, Intent, Program

FLOW = "file_claim"
SLOT = "filing"
INTENTS = frozenset({Intent.FILE_CLAIM})
_ACTIONS = frozenset({"confirm", "change_bank"})
_ANSWER_LIKE = frozenset({Intent.OUT_OF_SCOPE, Intent.AFFIRM, Intent.DENY})


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
_AFTER_CHECK = (Step.DOCUMENT, Step.BANK_NAME, Step.ACCOUNT, Step.HOLDER, Step.CONFIRM)

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
    **{(step, Event.RESTARTED): Step.DOCUMENT for step in _AFTER_CHECK},
    **{(step, Event.REFUSED): step for step in Step},
    (Step.CONFIRM, Event.FILED): Step.DONE,
    (Step.DONE, Event.FILED): Step.DONE,
    **{(step, Event.CANCELLED): None for step in _ANY},
}


def _step(conversation: Conversation) -> Step | None:
    if conversation.flow != FLOW or conversation.step not in set(Step):
        return None
    return Step(conversation.step)


def _go(conversation: Conversation, event: Event, filing: Filing | None) -> Conversation:
    step = TRANSITIONS[(_step(conversation), event)]
    slot = filing.to_slot() if filing is not None else None
    if step is None:
        left = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
        return left.with_slots(**{SLOT: None})
    return conversation.enter(FLOW, str(step), **{SLOT: slot})


def _controls(can_go_back: bool = True) -> tuple[Any, ...]:
    return control_buttons(Intent.FILE_CLAIM, can_go_back=can_go_back)


def _question(step: Step, filing: Filing, before: str | None = None) -> Reply:
    """Return the question of a step after the walkthrough."""
    if step == Step.DOCUMENT:
        return Reply(filing_steps.ask_document(filing, before), buttons=_controls())
    texts = {
        Step.BANK_NAME: _(
            "Now the bank account the benefit is paid into, in your own name. Which bank is "
            "it? For example BRI, BNI, Mandiri or BCA."
        ),
        Step.ACCOUNT: _("What is the account number? Digits only."),
        Step.HOLDER: _("In whose name is the account? Write the name as the bank has it."),
    }
    text = texts[step]
    return Reply(f"{before}\n\n{text}" if before else text, buttons=_controls())


def _ask(
    conversation: Conversation, event: Event, filing: Filing, before: str | None = None
) -> Outcome:
    after = _go(conversation, event, filing)
    step = Step(str(after.step))
    if step == Step.CONFIRM:
        reply = filing_steps.summary(filing, _answers(conversation))
        if before:
            reply = replace(reply, text=f"{before}\n\n{reply.text}")
        return Outcome((reply,), after)
    return Outcome((_question(step, filing, before),), after)


def _answers(conversation: Conversation) -> dict[str, Any]:
    progress = Progress.from_slot(conversation.slots.get(eligibility.SLOT))
    return dict(progress.answers) if progress is not None else {}


def _decision(program: Program, conversation: Conversation, turn: Turn) -> Decision | None:
    """Return the decision the walkthrough's answers give for `program`, if they suffice."""
    progress = Progress.from_slot(conversation.slots.get(eligibility.SLOT))
    if progress is None or progress.subject != program.value:
        return None
    try:
        facts = filing_steps.facts_of(program, progress.answers, user_today(turn, conversation))
        return decide(facts)
    except (MissingFact, ValueError):
        return None


def _stop(conversation: Conversation, text: str, replies: tuple[Reply, ...] = ()) -> Outcome:
    left = _go(conversation, Event.CANCELLED, None)
    return Outcome((*replies, Reply(text, buttons=short_menu())), left)


def _after_decision(
    decision: Decision,
    filing: Filing,
    conversation: Conversation,
    replies: tuple[Reply, ...] = (),
) -> Outcome:
    """Refuse what can't be filed (saying until when), or ask for the first document."""
    if not decision.eligible:
        after = _go(conversation, Event.NOT_CLAIMABLE, None)
        return Outcome(
            (*replies, Reply(filing_steps.not_yet(decision), buttons=short_menu())), after
        )
    elsewhere = filing_steps.not_here(decision.program, decision)
    if elsewhere is not None:
        return _stop(conversation, elsewhere, replies)
    # The decision's own buttons (documents, how to claim) would lead away from the filing.
    shown = tuple(replace(reply, buttons=()) for reply in replies)
    filing = replace(filing, walkthrough_step=None, needed=filing_steps.needed_documents(decision))
    intro = _("Let's file your {program} claim.", program=decision.program.value)
    if filing.next_kind is None:
        outcome = _ask(conversation, Event.NEEDS_BANK, filing, intro)
    else:
        outcome = _ask(conversation, Event.CLAIMABLE, filing, intro)
    return Outcome((*shown, *outcome.replies), outcome.conversation)


async def _check(
    filing: Filing, person: Person, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    """Use the eligibility decision already made, or run the walkthrough inside the filing."""
    decision = _decision(filing.program, conversation, turn)
    if decision is not None:
        return _after_decision(decision, filing, conversation)
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
    return _from_walkthrough(outcome, filing, conversation, turn)


def _from_walkthrough(
    outcome: Outcome, filing: Filing, conversation: Conversation, turn: Turn
) -> Outcome:
    """Carry on after the walkthrough answered: stopped, decided, or asking its next question."""
    after = outcome.conversation
    if after.flow != eligibility.FLOW:  # stopped with "batal"
        return Outcome(outcome.replies, after.leave(SLOT).with_slots(**{SLOT: None}))
    if after.step == eligibility.Step.DONE:
        decision = _decision(filing.program, after, turn)
        if decision is not None:
            return _after_decision(decision, filing, after, outcome.replies)
    filing = replace(filing, walkthrough_step=after.step)
    step = TRANSITIONS[(_step(conversation), Event.CHECKING)]
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
        text = filing_steps.filed(earlier.reference, earlier.program, again=True)
        return Outcome((Reply(text, buttons=short_menu()),), conversation)
    program = _program(turn, conversation)
    if program is None:
        reply = Reply(
            _("Which program do you want to claim?"), buttons=filing_steps.program_buttons()
        )
        return Outcome((reply,), _go(conversation, Event.PROGRAM_MISSING, None))
    if action == "how":
        return _how(program, conversation, context)
    elsewhere = filing_steps.not_here(program)
    if elsewhere is not None:
        how = _how(
            program, conversation.leave(SLOT) if _step(conversation) else conversation, context
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


def _control(control: Control, filing: Filing, conversation: Conversation) -> Outcome | None:
    step = _step(conversation)
    if control == Control.CANCEL:
        text = _("All right, I've stopped. Nothing was filed. What else can I help you with?")
        return _stop(conversation.leave(eligibility.SLOT), text)
    if step not in _AFTER_CHECK:
        return None
    if control == Control.CONTINUE:
        return _ask(conversation, Event.REFUSED, filing, _("Let's go on."))
    if control == Control.RESTART:
        restarted = replace(filing, files={}, bank_name=None, account=None, holder=None)
        if restarted.next_kind is None:  # no documents: the bank account is the start
            return _ask(conversation, Event.CHANGE_BANK, restarted, _("Let's start again."))
        return _ask(conversation, Event.RESTARTED, restarted, _("Let's start again."))
    first = step == Step.DOCUMENT and not filing.files
    if first or (step == Step.BANK_NAME and not filing.needed):
        return _ask(conversation, Event.REFUSED, filing, _("This is the first question."))
    back = filing.without_last_file() if step in (Step.DOCUMENT, Step.BANK_NAME) else filing
    return _ask(conversation, Event.BACK, back)


async def _confirm(
    filing: Filing, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    """File the claim, once: the submission key is the same however often this runs."""
    key = hashlib.sha256(f"{turn.channel}\n{turn.user_id}\n{filing.id}".encode()).hexdigest()
    answers = _answers(conversation)
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
        return _stop(conversation, text)
    if not isinstance(result, Filed):
        return _after_decision(result.decision, filing, conversation)
    # The account number leaves the conversation once the claim holds it.
    done = replace(filing, reference=result.reference, account=None, files={}, needed=())
    text = filing_steps.filed(result.reference, filing.program, again=not result.created)
    after = _go(conversation, Event.FILED, done)
    return Outcome((Reply(text, buttons=short_menu()),), after)


async def _take(
    filing: Filing, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome | None:
    """Take the answer to the step's question."""
    step = _step(conversation)
    if step == Step.DOCUMENT:
        if not turn.attachments:
            if looks_elsewhere(turn):
                return None
            before = _('Please send the document as a photo or a PDF file. To stop, type "batal".')
            return _ask(conversation, Event.REFUSED, filing, before)
        taken = filing_steps.take_files(filing, turn.attachments)
        if isinstance(taken, Refusal):
            return _ask(conversation, Event.REFUSED, filing, taken.message)
        if taken.next_kind is None:
            return _ask(
                conversation, Event.NEEDS_BANK, taken, _("Thank you, I have every document.")
            )
        return _ask(conversation, Event.CLAIMABLE, taken, _("Thank you, received."))
    if turn.attachments:
        return _ask(
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
            return _ask(conversation, Event.REFUSED, filing, before)
        return None if looks_elsewhere(turn) else _ask(conversation, Event.REFUSED, filing)
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
        return _ask(conversation, Event.REFUSED, filing, value.message)
    return _ask(conversation, event, _with(filing, field, value))


def _with(filing: Filing, field: str, value: str) -> Filing:
    if field == "bank_name":
        return replace(filing, bank_name=value)
    if field == "account":
        return replace(filing, account=value)
    return replace(filing, holder=value)


async def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the answer to the waiting question; None when the message is about something else."""
    filing = Filing.from_slot(conversation.slots.get(SLOT))
    step = _step(conversation)
    if step == Step.PROGRAM:
        return await _choose_program(turn, conversation, context)
    if filing is None or step is None:
        return None
    action = turn.entity("action") if turn.from_button and turn.intent in INTENTS else None
    if step == Step.DONE:
        if action == "confirm" and filing.reference:
            text = filing_steps.filed(filing.reference, filing.program, again=True)
            return Outcome((Reply(text, buttons=short_menu()),), conversation)
        return None
    if turn.from_button and turn.intent in INTENTS:
        if turn.program is not None and turn.program != filing.program:
            return None  # another program's filing starts afresh
        pressed = control_of(turn, INTENTS) is not None or (
            action in _ACTIONS and step == Step.CONFIRM
        )
        if step != Step.ELIGIBILITY and not pressed:
            return _ask(conversation, Event.REFUSED, filing, _("Let's go on."))
    if step == Step.ELIGIBILITY:
        control = control_of(turn, INTENTS)
        if control == Control.CANCEL:
            return _control(control, filing, conversation)
        view = conversation.enter(eligibility.FLOW, str(filing.walkthrough_step))
        outcome = await settle(eligibility.resume(turn, view, context))
        return None if outcome is None else _from_walkthrough(outcome, filing, conversation, turn)
    if action == "confirm" and step == Step.CONFIRM:
        return await _confirm(filing, turn, conversation, context)
    if action == "change_bank" and step == Step.CONFIRM:
        return _ask(conversation, Event.CHANGE_BANK, filing)
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
        return _stop(conversation, _("All right, I've stopped. What else can I help you with?"))
    option = choose(turn.text, PROGRAM_QUESTION.options) if not turn.from_button else None
    program = turn.program or (Program(option.value) if option else None)
    if program is None:
        answer_like = turn.intent in _ANSWER_LIKE or turn.confidence < ASIDE_CONFIDENCE
        if turn.from_button or (control is None and not answer_like):
            return None
        reply = Reply(
            _("Please choose one of the buttons, or type its number."),
            buttons=filing_steps.program_buttons(),
        )
        return Outcome((reply,), _go(conversation, Event.REFUSED, None))
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
    step = _step(conversation)
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
        reply = filing_steps.summary(filing, _answers(conversation))
        return replace(reply, text=f"{before}\n\n{reply.text}")
    return _question(step, filing, before)
