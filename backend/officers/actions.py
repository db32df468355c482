"""Officers moving claims: the role is checked, then the state machine does the rest.

`backend.claims.transitions.transition` writes the move, its audit row and the worker's
message in the caller's transaction; this adds who may ask for which move (`roles`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.filing import BankAccount, create_claim
from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.db.claims import Claim
from backend.db.officers import Officer
from backend.errors import InvalidInput
from backend.links import linked_participant_id
from backend.officers.roles import check_may_move_to
from dialogues.rules import Facts
from nlu import Language


async def move_claim(
    *,
    session: AsyncSession,
    officer: Officer,
    reference: str,
    to: ClaimState,
    expected_version: int,
    now: datetime,
    note: str | None = None,
    interview_at: datetime | None = None,
) -> Claim:
    """Move a claim as `officer`, who saw it at `expected_version`; return it moved.

    Raises:
        NotAllowed: the officer's role may not move claims to `to`.
        NotFound: no such claim.
        Conflict: the claim is no longer at `expected_version`.
        IllegalTransition: the state table does not allow the move.
        InvalidInput: no future `interview_at` for an interview, or a note too long.
    """
    check_may_move_to(officer, to)
    return await transition(
        session=session,
        claim_reference=reference,
        to=to,
        actor=Actor.officer(officer.username),
        now=now,
        note=(note or "").strip() or None,
        expected_version=expected_version,
        interview_at=interview_at,
    )


async def schedule_interview(
    *,
    session: AsyncSession,
    officer: Officer,
    reference: str,
    at: datetime,
    expected_version: int,
    now: datetime,
    note: str | None = None,
) -> Claim:
    """Schedule (or move) the video interview of a claim at `at`, a moment in the future."""
    return await move_claim(
        session=session,
        officer=officer,
        reference=reference,
        to=ClaimState.INTERVIEW_SCHEDULED,
        expected_version=expected_version,
        now=now,
        note=note,
        interview_at=at,
    )


async def mark_paid(
    *,
    session: AsyncSession,
    officer: Officer,
    reference: str,
    expected_version: int,
    now: datetime,
    note: str | None = None,
) -> Claim:
    """Record that an approved claim's money was transferred (supervisors only)."""
    return await move_claim(
        session=session,
        officer=officer,
        reference=reference,
        to=ClaimState.PAID,
        expected_version=expected_version,
        now=now,
        note=note,
    )


async def file_for_worker(
    *,
    session: AsyncSession,
    officer: Officer,
    channel: str,
    channel_user_id: str,
    facts: Facts,
    bank_account: BankAccount,
    language: Language,
    now: datetime,
    submission_key: str | None = None,
) -> Claim:
    """File a claim for the worker linked to a chat user, on their behalf; return it.

    The same filing as the chat's (`backend.claims.filing.create_claim`): the decision is
    made again from `facts`, the bank account checked, a repeated `submission_key` files one
    claim. The worker's documents come afterwards through their chat. The audit trail's
    first row says which officer filed it.

    Raises:
        InvalidInput: the chat user is not linked to a participant, or the bank account
            can't be used.
        NotClaimable: the decision says no, or not yet.
        dialogues.errors.FactError: a fact the decision needs is missing or impossible.
    """
    participant_id = await linked_participant_id(
        session=session, channel=channel, channel_user_id=channel_user_id
    )
    if participant_id is None:
        raise InvalidInput("channel_user_id", "this chat user is not linked to a participant")
    claim = await create_claim(
        session=session,
        participant_id=participant_id,
        facts=facts,
        bank_account=bank_account,
        channel=channel,
        channel_user_id=channel_user_id,
        language=language,
        now=now,
        submission_key=submission_key,
    )
    first = claim.transitions[0] if "transitions" in claim.__dict__ else None
    if first is not None and first.note is None and first.at == now:
        first.note = f"filed by officer {officer.username} for the worker"
    await session.flush()
    return claim
