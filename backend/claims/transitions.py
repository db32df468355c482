"""Moving a claim: checked against the state table, audited and announced in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from backend.claims.states import Actor, ActorKind, ClaimState, allowed
from backend.db.claims import Claim, ClaimTransition
from backend.db.links import ChannelLink
from backend.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from backend.outbox import enqueue

NOTE_MAX = 2000


async def transition(
    *,
    session: AsyncSession,
    claim_reference: str,
    to: ClaimState,
    actor: Actor,
    now: datetime,
    note: str | None = None,
    expected_version: int | None = None,
    interview_at: datetime | None = None,
) -> Claim:
    """Move a claim to `to`, in the session's transaction; return it (its new version).

    Writes, with the change, the audit row (who, when, from, to, note) and, unless the worker
    made the move themselves (the chat answers them then), an outbox message to the worker
    in their language: kind `claim.<state>`, deduplicated by reference and version. The
    caller commits; if anything fails the caller's rollback takes all of it back.

    `expected_version` is the version the officer saw: if the claim changed since, or changes
    while this runs (another officer), `Conflict`. Moving to interview_scheduled (also to
    move the interview) needs `interview_at`, after `now`.

    Raises:
        NotFound: no such claim, or (for a worker) not one of theirs.
        Conflict: the claim is not at `expected_version`, or another change won the race.
        IllegalTransition: the state table does not allow the move to this actor.
        InvalidInput: `interview_at` is missing or not in the future, or `note` is too long.
    """
    claim = await session.scalar(
        select(Claim)
        .where(Claim.reference == claim_reference)
        .execution_options(populate_existing=True)
    )
    if claim is None or not await _may_see(session, claim, actor):
        raise NotFound(f"no claim {claim_reference}")
    if expected_version is not None and claim.version != expected_version:
        raise Conflict(f"{claim_reference} is at version {claim.version}, not {expected_version}")
    source = claim.state
    if not allowed(source, to, actor.kind):
        raise IllegalTransition(source, to, actor.kind)
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput("note", f"at most {NOTE_MAX} characters")
    if to is ClaimState.INTERVIEW_SCHEDULED:
        if interview_at is None or interview_at <= now:
            raise InvalidInput("interview_at", "the interview needs a time in the future")
        claim.interview_at = interview_at
    new_version = claim.version + 1
    claim.state = to
    claim.updated_at = now
    # Always UPDATE (and so check and bump the version), even when no value changes.
    flag_modified(claim, "state")
    session.add(
        ClaimTransition(
            claim_id=claim.id,
            actor_kind=actor.kind,
            actor_id=actor.label,
            from_state=source,
            to_state=to,
            note=note,
            at=now,
        )
    )
    if actor.kind is not ActorKind.WORKER:
        enqueue(
            session=session,
            channel=claim.channel,
            recipient=claim.channel_user_id,
            language=claim.language,
            kind=f"claim.{to}",
            payload={
                "reference": claim.reference,
                "program": str(claim.program),
                "from": str(source),
                "to": str(to),
                "note": note,
                "interview_at": claim.interview_at.isoformat() if claim.interview_at else None,
            },
            dedupe_key=f"claim:{claim.reference}:v{new_version}",
            now=now,
        )
    try:
        await session.flush()
    except StaleDataError as error:
        raise Conflict(f"{claim_reference} was changed by someone else meanwhile") from error
    return claim


async def _may_see(session: AsyncSession, claim: Claim, actor: Actor) -> bool:
    # Officers see every claim; a worker only those of the participant their chat is linked
    # to (whichever channel they filed from).
    if actor.kind is ActorKind.OFFICER:
        return True
    linked = await session.scalar(
        select(ChannelLink.participant_id).where(
            ChannelLink.channel == actor.channel, ChannelLink.channel_user_id == actor.id
        )
    )
    return linked == claim.participant_id
