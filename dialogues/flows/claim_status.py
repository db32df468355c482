"""The worker's own claims: where each stands, since when, and what happens next.

After linking (`linking.require`), the claims of the participant the chat is linked to are
listed, newest first; a reference in the message (entity `claim_id`, or `CLM` with the
letters people confuse: I and L read as 1, O as 0) shows that one claim. A reference that is
not the user's gets exactly the answer of one that does not exist, so nobody can learn
whether another person's claim exists. Something that looks like a reference but can't be one
(`CLM-<script>`, too short) is answered with what a reference looks like, never echoed. A
claim still submitted can be cancelled by the worker: the button asks once more (step
CONFIRM_CANCEL). Diagram: `claim_status.mmd` beside this file.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dialogues.dates import format_date
from dialogues.errors import NotCancellable
from dialogues.flows import linking
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, button, local_moment
from dialogues.flows.menu import short_menu
from dialogues.flows.questions import yes_or_no
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.services_cases import ClaimStage, ClaimSummary
from dialogues.state import Conversation
from nlu import Intent

FLOW = "claim_status"
SLOT = "cancelling"
SHOWN = 5
"""How many claims the list shows (the newest)."""
CANCEL, CANCEL_CONFIRMED = "cancel", "cancel_confirmed"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_MENTION = re.compile(r"(?<![a-z0-9])clm(?![a-z])", re.IGNORECASE)
# CLM and 8 letters or digits, separators allowed between them: "clm 7k3m-9qxa".
_CANDIDATE = re.compile(
    r"(?<![a-z0-9])clm((?:[\s\-_.:#]{0,3}[a-z0-9]){8})(?![a-z0-9])", re.IGNORECASE
)
_SEPARATORS = re.compile(r"[\s\-_.:#]")


class Step(StrEnum):
    """The one question this flow asks: cancel this claim, really?"""

    CONFIRM_CANCEL = "confirm_cancel"


class Event(StrEnum):
    """What a user's message means to this flow."""

    CANCEL_ASKED = "cancel_asked"
    ANSWERED = "answered"


# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.CANCEL_ASKED): Step.CONFIRM_CANCEL,
    (Step.CONFIRM_CANCEL, Event.CANCEL_ASKED): Step.CONFIRM_CANCEL,
    (Step.CONFIRM_CANCEL, Event.ANSWERED): None,
}


def read_reference(turn: Turn) -> str | None:
    """Return the claim reference the message names, read leniently; None when it names none."""
    found = turn.entity("claim_id")
    if found is not None:
        return found.upper()
    match = _CANDIDATE.search(turn.text)
    if match is None:
        return None
    body = _SEPARATORS.sub("", match.group(1)).upper().translate(_LOOKALIKES)
    return f"CLM-{body}" if all(ch in _CROCKFORD for ch in body) else None


def _names_a_bad_reference(turn: Turn) -> bool:
    return read_reference(turn) is None and bool(_MENTION.search(turn.text))


def _stage(stage: ClaimStage) -> str:
    names = {
        ClaimStage.SUBMITTED: _("submitted"),
        ClaimStage.VERIFYING: _("being verified"),
        ClaimStage.NEEDS_DOCUMENTS: _("waiting for a document from you"),
        ClaimStage.INTERVIEW_SCHEDULED: _("video interview scheduled"),
        ClaimStage.APPROVED: _("approved"),
        ClaimStage.PAID: _("paid"),
        ClaimStage.REJECTED: _("rejected"),
        ClaimStage.CANCELLED: _("cancelled"),
    }
    return names[stage]


def _next_step(claim: ClaimSummary, conversation: Conversation) -> str:
    if claim.stage == ClaimStage.INTERVIEW_SCHEDULED and claim.interview_at is not None:
        return _(
            "Join the video interview on {moment}, with your original documents.",
            moment=local_moment(claim.interview_at, conversation),
        )
    steps = {
        ClaimStage.SUBMITTED: _("An officer will take it up and check your documents."),
        ClaimStage.VERIFYING: _("An officer is checking your documents."),
        ClaimStage.NEEDS_DOCUMENTS: _(
            "Send the document the officer asked for; their message says which."
        ),
        ClaimStage.INTERVIEW_SCHEDULED: _("An officer will tell you when the video interview is."),
        ClaimStage.APPROVED: _("The money will be transferred to your bank account."),
        ClaimStage.PAID: _("The money has been transferred. Nothing more to do."),
        ClaimStage.REJECTED: _(
            "The officer's message says why. For questions, call Care Center 175."
        ),
        ClaimStage.CANCELLED: _("Nothing more to do."),
    }
    return steps[claim.stage]


def _describe(claim: ClaimSummary, conversation: Conversation) -> str:
    day = format_date(claim.updated_at.date(), current_language())
    head = _(
        "{reference} · {program} · {stage} since {date}",
        reference=claim.reference,
        program=claim.program.value,
        stage=_stage(claim.stage),
        date=day,
    )
    return f"• {head}\n  " + _("Next: {step}", step=_next_step(claim, conversation))


def _cancel_button(claim: ClaimSummary) -> tuple[Button, ...]:
    if claim.stage != ClaimStage.SUBMITTED:
        return ()
    title = _("Cancel {reference}", reference=claim.reference)
    return (button(title, Intent.CLAIM_STATUS, claim_id=claim.reference, action=CANCEL),)


def _not_found(reference: str) -> str:
    # The same words for a claim of someone else and one that does not exist.
    return _(
        "I can't find a claim {reference} among your claims. Please check the reference: it "
        "is CLM- followed by 8 letters and digits, for example CLM-7K3M9QXA.",
        reference=reference,
    )


def _done(replies: tuple[Reply, ...], conversation: Conversation) -> Outcome:
    left = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    topic = Topic(Intent.CLAIM_STATUS).as_slot()
    return Outcome(replies, left.with_slots(topic=topic, **{SLOT: None}))


async def _one(
    reference: str, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    claims = context.services.claims
    action = turn.entity("action") if turn.from_button else None
    if action == CANCEL_CONFIRMED:
        return await _cancel(reference, turn, conversation, context)
    claim = await claims.claim(turn.channel, turn.user_id, reference)
    if claim is None:
        return _done((Reply(_not_found(reference), buttons=short_menu()),), conversation)
    if action == CANCEL and claim.stage == ClaimStage.SUBMITTED:
        text = _(
            "Do you really want to cancel your {program} claim {reference}? It can't be undone.",
            program=claim.program.value,
            reference=reference,
        )
        buttons = (
            button(
                _("Yes, cancel it"),
                Intent.CLAIM_STATUS,
                claim_id=reference,
                action=CANCEL_CONFIRMED,
            ),
            button(_("No, keep it"), Intent.CLAIM_STATUS, claim_id=reference),
        )
        step = TRANSITIONS[(conversation.step_in(FLOW, Step), Event.CANCEL_ASKED)]
        after = conversation.enter(FLOW, str(step), **{SLOT: reference})
        return Outcome((Reply(text, buttons=buttons),), after)
    text = _("Your claim:") + "\n" + _describe(claim, conversation)
    return _done((Reply(text, buttons=(*_cancel_button(claim), *short_menu())),), conversation)


async def _cancel(
    reference: str, turn: Turn, conversation: Conversation, context: FlowContext
) -> Outcome:
    try:
        claim = await context.services.claims.cancel(
            turn.channel, turn.user_id, reference, now=turn.now
        )
    except NotCancellable:
        text = _(
            "An officer has already taken up claim {reference}, so it can't be cancelled here "
            "any more. Please call Care Center 175.",
            reference=reference,
        )
        return _done((Reply(text, buttons=short_menu()),), conversation)
    if claim is None:
        return _done((Reply(_not_found(reference), buttons=short_menu()),), conversation)
    text = _("Claim {reference} is cancelled.", reference=reference)
    return _done((Reply(text, buttons=short_menu()),), conversation)


async def answer(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """List the user's claims, or show the one named; link the chat first if needed."""
    if _names_a_bad_reference(turn):
        text = _(
            "That is not a claim reference I can read. A reference is CLM- followed by 8 "
            "letters and digits, for example CLM-7K3M9QXA."
        )
        return _done((Reply(text, buttons=short_menu()),), conversation)
    found = await linking.require(turn, conversation, context, self_service=turn.intent)
    if isinstance(found, Outcome):
        return found
    reference = read_reference(turn)
    if reference is not None:
        return await _one(reference, turn, conversation, context)
    claims = await context.services.claims.claims_of(turn.channel, turn.user_id)
    if not claims:
        text = _(
            "You have no claims filed in this chat yet. To file one here, type for example "
            '"klaim JHT".'
        )
        buttons = (button(_("📝 File a claim"), Intent.FILE_CLAIM), *short_menu())
        return _done((Reply(text, buttons=buttons),), conversation)
    lines = [_describe(claim, conversation) for claim in claims[:SHOWN]]
    text = _("Your claims, newest first:") + "\n" + "\n".join(lines)
    if len(claims) > SHOWN:
        text += "\n" + _(
            "Older claims are not shown; ask for one by its reference, e.g. status CLM-7K3M9QXA."
        )
    buttons = tuple(b for claim in claims[:SHOWN] for b in _cancel_button(claim))
    return _done((Reply(text, buttons=(*buttons, *short_menu())),), conversation)


async def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the yes or no to cancelling; None when the message is about something else."""
    reference = conversation.slots.get(SLOT)
    if (
        conversation.step_in(FLOW, Step) is None
        or not isinstance(reference, str)
        or turn.from_button
    ):
        return None
    said = yes_or_no(turn)
    if said is None:
        return None
    if said:
        return await _cancel(reference, turn, conversation, context)
    text = _("All right, claim {reference} stays as it is.", reference=reference)
    return _done((Reply(text, buttons=short_menu()),), conversation)
