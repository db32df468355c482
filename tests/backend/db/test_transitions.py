"""Moving claims: every legal move, every illegal one refused, audit and outbox together."""

from __future__ import annotations

from collections import deque
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import TRANSITIONS, Actor, ActorKind, ClaimState
from backend.claims.transitions import transition
from backend.db.claims import Claim, ClaimTransition
from backend.db.links import ChannelLink
from backend.db.outbox import OutboxMessage
from backend.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from backend.outbox import enqueue
from nlu import Language
from tests.backend.db.factories import NOW, add_link, add_participant, file_claim

OFFICER = Actor.officer("officer-a")
INTERVIEW = NOW + timedelta(days=3)
Step = tuple[ClaimState, ActorKind]


def path_to(state: ClaimState) -> list[Step]:
    """The shortest list of legal moves from submitted to `state`."""
    paths: dict[ClaimState, list[Step]] = {ClaimState.SUBMITTED: []}
    queue = deque([ClaimState.SUBMITTED])
    while queue:
        source = queue.popleft()
        for (frm, to), actors in TRANSITIONS.items():
            if frm == source and to not in paths:
                paths[to] = [*paths[source], (to, min(actors))]
                queue.append(to)
    return paths[state]


async def move(
    session: AsyncSession,
    claim: Claim,
    to: ClaimState,
    kind: ActorKind,
    worker: Actor,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Move `claim` as the worker or as an officer (with an interview time when needed)."""
    return await transition(
        session=session,
        claim_reference=claim.reference,
        to=to,
        actor=worker if kind is ActorKind.WORKER else OFFICER,
        now=NOW,
        note=note,
        expected_version=expected_version,
        interview_at=INTERVIEW if to is ClaimState.INTERVIEW_SCHEDULED else None,
    )


async def claim_in(session: AsyncSession, state: ClaimState) -> tuple[Claim, Actor]:
    claim, worker = await file_claim(session)
    for to, kind in path_to(state):
        claim = await move(session, claim, to, kind, worker)
    return claim, worker


async def _counts(session: AsyncSession, claim: Claim) -> tuple[int, int]:
    audits = await session.scalar(
        select(func.count())
        .select_from(ClaimTransition)
        .where(ClaimTransition.claim_id == claim.id)
    )
    messages = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like(f"claim:{claim.reference}:%"))
    )
    return audits or 0, messages or 0


def test_every_state_is_reachable_and_final_states_are_final() -> None:
    for state in ClaimState:
        assert path_to(state) or state is ClaimState.SUBMITTED
    for state in (ClaimState.PAID, ClaimState.REJECTED, ClaimState.CANCELLED):
        assert not [to for (frm, to) in TRANSITIONS if frm == state]


@pytest.mark.parametrize(("source", "target"), list(TRANSITIONS), ids=lambda s: str(s))
async def test_every_legal_move(
    sessions: async_sessionmaker[AsyncSession], source: ClaimState, target: ClaimState
) -> None:
    [kind] = TRANSITIONS[(source, target)]
    async with sessions.begin() as session:
        claim, worker = await claim_in(session, source)
        audits, messages = await _counts(session, claim)
        version = claim.version
    async with sessions.begin() as session:
        moved = await move(
            session, claim, target, kind, worker, note="checked", expected_version=version
        )
    assert moved.state is target and moved.version == version + 1
    async with sessions() as session:
        assert await _counts(session, claim) == (
            audits + 1,
            messages + (kind is ActorKind.OFFICER),
        )
        last = await session.scalar(
            select(ClaimTransition)
            .where(ClaimTransition.claim_id == claim.id)
            .order_by(ClaimTransition.id.desc())
            .limit(1)
        )
        assert last is not None
        assert (last.from_state, last.to_state, last.note) == (source, target, "checked")
        assert last.actor_kind is kind and last.at == NOW
        if kind is ActorKind.OFFICER:
            message = await session.scalar(
                select(OutboxMessage).where(
                    OutboxMessage.dedupe_key == f"claim:{claim.reference}:v{version + 1}"
                )
            )
            assert message is not None
            assert message.kind == f"claim.{target}" and message.language is Language.ID
            assert (message.channel, message.recipient) == (claim.channel, claim.channel_user_id)
            assert message.payload["to"] == target and message.payload["note"] == "checked"


@pytest.mark.parametrize("source", list(ClaimState), ids=str)
async def test_every_illegal_move_is_refused(
    sessions: async_sessionmaker[AsyncSession], source: ClaimState
) -> None:
    async with sessions.begin() as session:
        claim, worker = await claim_in(session, source)
    refused = 0
    async with sessions() as session:
        before = await _counts(session, claim)
        for target in ClaimState:
            for kind in ActorKind:
                if kind in TRANSITIONS.get((source, target), frozenset()):
                    continue
                with pytest.raises(IllegalTransition):
                    await move(session, claim, target, kind, worker)
                refused += 1
        assert await _counts(session, claim) == before
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
        assert stored is not None and stored.state is source and stored.version == claim.version
    assert refused == 2 * len(ClaimState) - sum(
        len(actors) for (frm, _), actors in TRANSITIONS.items() if frm == source
    )


async def test_a_failing_outbox_write_takes_the_move_and_its_audit_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        claim, _ = await file_claim(session)
        # Something already holds the key the move's message will use: its insert fails.
        enqueue(
            session=session,
            channel="rest",
            recipient="x",
            language=Language.ID,
            kind="test",
            payload={},
            dedupe_key=f"claim:{claim.reference}:v2",
            now=NOW,
        )
    with pytest.raises(IntegrityError):
        async with sessions.begin() as session:
            await transition(
                session=session,
                claim_reference=claim.reference,
                to=ClaimState.VERIFYING,
                actor=OFFICER,
                now=NOW,
            )
    async with sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
        assert stored is not None
        assert (stored.state, stored.version) == (ClaimState.SUBMITTED, 1)
        assert await _counts(session, claim) == (1, 1)


async def test_a_stale_version_is_a_conflict(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        claim, _ = await file_claim(session)
    async with sessions.begin() as session:
        await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.VERIFYING,
            actor=OFFICER,
            now=NOW,
            expected_version=1,
        )
    async with sessions() as session:
        with pytest.raises(Conflict):
            await transition(
                session=session,
                claim_reference=claim.reference,
                to=ClaimState.NEEDS_DOCUMENTS,
                actor=Actor.officer("officer-b"),
                now=NOW,
                expected_version=1,
            )


async def test_workers_move_only_their_own_claims(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        claim, owner = await file_claim(session)
        stranger = await add_link(session, await add_participant(session))
    unlinked = Actor.worker("rest", "nobody-" + claim.reference)
    async with sessions() as session:
        for actor in (stranger, unlinked):
            with pytest.raises(NotFound):
                await transition(
                    session=session,
                    claim_reference=claim.reference,
                    to=ClaimState.CANCELLED,
                    actor=actor,
                    now=NOW,
                )
        with pytest.raises(NotFound):
            await transition(
                session=session,
                claim_reference="CLM-00000000",
                to=ClaimState.CANCELLED,
                actor=owner,
                now=NOW,
            )
    # The same worker linked on another channel may cancel too: the claim is the person's.
    async with sessions.begin() as session:
        participant_id = claim.participant_id
        other = Actor.worker("telegram", owner.id)
        session.add(
            ChannelLink(channel="telegram", channel_user_id=owner.id, participant_id=participant_id)
        )
        await session.flush()
        cancelled = await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.CANCELLED,
            actor=other,
            now=NOW,
        )
    assert cancelled.state is ClaimState.CANCELLED


@pytest.mark.parametrize("when", [None, NOW, NOW - timedelta(minutes=1)])
async def test_scheduling_an_interview_needs_a_future_time(
    sessions: async_sessionmaker[AsyncSession], when: object
) -> None:
    async with sessions.begin() as session:
        claim, _ = await claim_in(session, ClaimState.VERIFYING)
    async with sessions() as session:
        with pytest.raises(InvalidInput):
            await transition(
                session=session,
                claim_reference=claim.reference,
                to=ClaimState.INTERVIEW_SCHEDULED,
                actor=OFFICER,
                now=NOW,
                interview_at=when,  # type: ignore[arg-type]
            )


async def test_moving_the_interview_tells_the_worker_the_new_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    later = INTERVIEW + timedelta(days=1)
    async with sessions.begin() as session:
        claim, _ = await claim_in(session, ClaimState.INTERVIEW_SCHEDULED)
        moved = await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.INTERVIEW_SCHEDULED,
            actor=OFFICER,
            now=NOW,
            interview_at=later,
        )
    assert moved.interview_at == later
    async with sessions() as session:
        message = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.dedupe_key == f"claim:{claim.reference}:v{moved.version}"
            )
        )
    assert message is not None and message.payload["interview_at"] == later.isoformat()
