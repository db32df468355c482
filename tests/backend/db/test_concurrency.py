"""Two officers moving the same claim at once on PostgreSQL: one wins, the other conflicts."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.db.claims import Claim, ClaimTransition
from backend.db.outbox import OutboxMessage
from backend.errors import Conflict
from tests.backend.db.factories import NOW, file_claim

pytestmark = pytest.mark.postgres


async def _verifying_claim(sessions: async_sessionmaker[AsyncSession]) -> Claim:
    async with sessions.begin() as session:
        claim, _ = await file_claim(session)
        return await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("officer-a"),
            now=NOW,
        )


async def _history(sessions: async_sessionmaker[AsyncSession], claim: Claim) -> tuple[int, int]:
    async with sessions() as session:
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


async def test_the_second_officer_waits_for_the_first_and_then_conflicts(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    claim = await _verifying_claim(postgres_sessions)
    first = postgres_sessions()
    await first.begin()
    await transition(
        session=first,
        claim_reference=claim.reference,
        to=ClaimState.NEEDS_DOCUMENTS,
        actor=Actor.officer("officer-a"),
        now=NOW,
        expected_version=claim.version,
    )

    async def second_officer() -> Claim:
        async with postgres_sessions.begin() as session:
            return await transition(
                session=session,
                claim_reference=claim.reference,
                to=ClaimState.INTERVIEW_SCHEDULED,
                actor=Actor.officer("officer-b"),
                now=NOW,
                expected_version=claim.version,
                interview_at=NOW.replace(year=2027),
            )

    # The second reads the claim as committed (still verifying, same version) and blocks on
    # the row the first has updated but not committed yet.
    second = asyncio.create_task(second_officer())
    await asyncio.sleep(0.5)
    assert not second.done()
    await first.commit()
    await first.close()
    with pytest.raises(Conflict):
        await second
    async with postgres_sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
    assert stored is not None
    assert (stored.state, stored.version) == (ClaimState.NEEDS_DOCUMENTS, claim.version + 1)
    assert await _history(postgres_sessions, claim) == (3, 2)


@pytest.mark.parametrize("round_", range(5))
async def test_of_two_simultaneous_moves_exactly_one_wins(
    postgres_sessions: async_sessionmaker[AsyncSession], round_: int
) -> None:
    claim = await _verifying_claim(postgres_sessions)
    targets = {"officer-a": ClaimState.NEEDS_DOCUMENTS, "officer-b": ClaimState.REJECTED}

    async def officer(name: str) -> ClaimState:
        async with postgres_sessions.begin() as session:
            moved = await transition(
                session=session,
                claim_reference=claim.reference,
                to=targets[name],
                actor=Actor.officer(name),
                now=NOW,
                note=f"round {round_}",
                expected_version=claim.version,
            )
            return moved.state

    results = await asyncio.gather(*(officer(name) for name in targets), return_exceptions=True)
    winners = [r for r in results if isinstance(r, ClaimState)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict), losers[0]
    async with postgres_sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
    assert stored is not None and stored.state is winners[0]
    assert stored.version == claim.version + 1
    assert await _history(postgres_sessions, claim) == (3, 2)
