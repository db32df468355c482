"""PostgreSQL behaviour the back office relies on: SKIP LOCKED, racing filings, a claim's life."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.filing import create_claim
from backend.claims.states import Actor, ActorKind, ClaimState
from backend.claims.transitions import transition
from backend.db.claims import Claim, ClaimTransition
from backend.db.outbox import OutboxMessage
from backend.delivery.worker import claim_due
from backend.outbox import enqueue
from nlu import Language
from tests.backend.db.factories import ACCOUNT, NOW, add_link, add_participant, eligible_facts
from tests.backend.officers.factories import claim_on, new_channel


@pytest.mark.postgres
async def test_concurrent_claims_of_the_outbox_take_disjoint_rows(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    channel = new_channel()
    async with postgres_sessions.begin() as session:
        for i in range(10):
            enqueue(
                session=session,
                channel=channel,
                recipient="u",
                language=Language.ID,
                kind="ticket.reply",
                payload={"reference": "TKT-00000000", "body": str(i)},
                dedupe_key=f"{channel}:{i}",
                now=NOW,
            )
    lease = timedelta(minutes=2)
    first, second = postgres_sessions(), postgres_sessions()
    try:
        await first.begin()
        await second.begin()
        # Both transactions stay open: the second skips the rows the first has locked.
        mine = await claim_due(session=first, channels=[channel], now=NOW, limit=6, lease=lease)
        theirs = await claim_due(session=second, channels=[channel], now=NOW, limit=6, lease=lease)
        assert len(mine) == 6 and len(theirs) == 4
        assert not {m.id for m in mine} & {t.id for t in theirs}
        await first.commit()
        await second.commit()
    finally:
        await first.close()
        await second.close()
    async with postgres_sessions.begin() as session:
        again = await claim_due(session=session, channels=[channel], now=NOW, limit=10, lease=lease)
    assert again == []  # leased until NOW + 2 minutes


@pytest.mark.postgres
async def test_a_double_tap_racing_itself_files_one_claim(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with postgres_sessions.begin() as session:
        participant = await add_participant(session)
        worker = await add_link(session, participant)
    key = f"double-tap-{worker.id}"

    async def tap() -> str:
        async with postgres_sessions.begin() as session:
            claim = await create_claim(
                session=session,
                participant_id=participant.id,
                facts=eligible_facts(),
                bank_account=ACCOUNT,
                channel="rest",
                channel_user_id=worker.id,
                language=Language.ID,
                now=NOW,
                submission_key=key,
            )
            return claim.reference

    references = await asyncio.gather(tap(), tap(), tap())
    assert len(set(references)) == 1
    async with postgres_sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(Claim).where(Claim.submission_key == key)
        )
    assert count == 1


async def test_a_claims_whole_life_is_in_its_audit_trail_and_the_workers_messages(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        claim = await claim_on(session, channel)
    worker = Actor.worker(channel, claim.channel_user_id)
    officer, supervisor = Actor.officer("officer-a"), Actor.officer("supervisor-b")
    life = [
        (ClaimState.VERIFYING, officer),
        (ClaimState.NEEDS_DOCUMENTS, officer),
        (ClaimState.SUBMITTED, worker),
        (ClaimState.VERIFYING, officer),
        (ClaimState.INTERVIEW_SCHEDULED, officer),
        (ClaimState.APPROVED, supervisor),
        (ClaimState.PAID, supervisor),
    ]
    for step, (to, actor) in enumerate(life, start=1):
        async with sessions.begin() as session:
            moved = await transition(
                session=session,
                claim_reference=claim.reference,
                to=to,
                actor=actor,
                now=NOW + timedelta(hours=step),
                note=f"step {step}",
                interview_at=NOW + timedelta(days=3)
                if to is ClaimState.INTERVIEW_SCHEDULED
                else None,
            )
        assert moved.version == step + 1
    async with sessions() as session:
        audit = (
            await session.scalars(
                select(ClaimTransition)
                .where(ClaimTransition.claim_id == claim.id)
                .order_by(ClaimTransition.id)
            )
        ).all()
        messages = (
            await session.scalars(
                select(OutboxMessage.kind)
                .where(OutboxMessage.channel == channel)
                .order_by(OutboxMessage.id)
            )
        ).all()
    assert [(a.from_state, a.to_state) for a in audit] == [
        (None, ClaimState.SUBMITTED),
        *zip(
            [ClaimState.SUBMITTED, *(to for to, _ in life[:-1])],
            (to for to, _ in life),
            strict=True,
        ),
    ]
    assert [a.actor_id for a in audit[1:]] == [actor.label for _, actor in life]
    assert audit[3].actor_kind is ActorKind.WORKER
    assert [a.at for a in audit[1:]] == [NOW + timedelta(hours=h) for h in range(1, 8)]
    assert [a.note for a in audit[1:]] == [f"step {h}" for h in range(1, 8)]
    # The worker's own move is answered in the chat, not through the outbox.
    assert messages == [f"claim.{to}" for to, actor in life if actor is not worker]
