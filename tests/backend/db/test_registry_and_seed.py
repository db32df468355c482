"""The participants registry port over our tables, and `jamsos seed-demo`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.officers import Officer, OfficerRole
from backend.db.participants import Contribution, JhtBalance, Participant
from backend.registry import ParticipantRegistry, SqlParticipantRegistry
from backend.security import verify_password
from backend.seed import OFFICER_USERNAME, PEOPLE, seed_demo
from dialogues.rules.facts import Segment
from dialogues.rules.identity import nik_problem
from nlu import Program
from tests.backend.db.factories import BIRTH_DATE, add_participant

TODAY = date(2026, 11, 21)


async def test_verify_identity_needs_all_three_to_match(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        participant = await add_participant(session)
    async with sessions() as session:
        registry: ParticipantRegistry = SqlParticipantRegistry(session)
        found = await registry.verify_identity(
            kpj=participant.kpj, nik=participant.nik, birth_date=BIRTH_DATE
        )
        assert found is not None and found.id == participant.id
        assert found.programs == (Program.JKK, Program.JKM, Program.JHT)
        assert participant.nik not in repr(found) and participant.kpj not in repr(found)
        wrong_nik = participant.nik[:-1] + str((int(participant.nik[-1]) + 1) % 10)
        for kpj, nik, born in [
            (participant.kpj, wrong_nik, BIRTH_DATE),
            (participant.kpj, participant.nik, date(1965, 1, 2)),
            ("0" * 11, participant.nik, BIRTH_DATE),
        ]:
            assert await registry.verify_identity(kpj=kpj, nik=nik, birth_date=born) is None
        assert await registry.find_by_kpj(participant.kpj) == found
        assert await registry.find_by_kpj("0" * 11) is None


async def test_seed_demo_is_idempotent(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        first = await seed_demo(session=session, today=TODAY)
    async with sessions.begin() as session:
        again = await seed_demo(session=session, today=TODAY)
    assert first.participants_total == again.participants_total == len(PEOPLE) == 20
    assert again.participants_added == 0
    assert again.officer_password is None
    async with sessions() as session:
        kpjs = select(Participant.id).where(Participant.name.in_([p[0] for p in PEOPLE]))
        seeded = (await session.scalars(select(Participant).where(Participant.id.in_(kpjs)))).all()
        assert len(seeded) == 20
        assert (
            await session.scalar(
                select(func.count())
                .select_from(Officer)
                .where(Officer.username == OFFICER_USERNAME)
            )
            == 1
        )
        officer = await session.scalar(select(Officer).where(Officer.username == OFFICER_USERNAME))
        assert officer is not None and officer.role is OfficerRole.SUPERVISOR
        if first.officer_password is not None:
            assert verify_password(first.officer_password, officer.password_hash)
        contributions = await session.scalar(
            select(func.count())
            .select_from(Contribution)
            .where(Contribution.participant_id.in_([p.id for p in seeded]))
        )
        assert contributions and contributions > 20 * 6
    for person in seeded:
        assert len(person.kpj) == 11 and person.kpj.isdigit()
        assert nik_problem(person.nik, birth_date=person.birth_date) is None
        if person.segment is Segment.PMI:
            assert person.placement_country in {"MY", "TW", "HK", "SA", "KR"}
    assert {p.segment for p in seeded} == set(Segment)


async def test_seed_demo_can_reset_the_password(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        await seed_demo(session=session, today=TODAY)
    async with sessions.begin() as session:
        reset = await seed_demo(session=session, today=TODAY, reset_password=True)
    assert reset.officer_password is not None
    async with sessions() as session:
        officer = await session.scalar(select(Officer).where(Officer.username == OFFICER_USERNAME))
    assert officer is not None and verify_password(reset.officer_password, officer.password_hash)


async def test_membership_summary(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        report = await seed_demo(session=session, today=TODAY)
    async with sessions() as session:
        registry = SqlParticipantRegistry(session)
        record = await registry.find_by_kpj(report.example.kpj)
        assert record is not None
        summary = await registry.membership_summary(record.id)
        assert summary is not None and summary.participant == record
        months = [c.month for c in summary.recent_contributions]
        assert months == sorted(months, reverse=True) and len(months) == 6
        assert all(c.amount > 0 for c in summary.recent_contributions)
        balance = await session.get(JhtBalance, record.id)
        assert summary.jht_balance == (balance.balance if balance else None)
        assert await registry.membership_summary(10**12) is None
        assert await registry.find_by_id(record.id) == record
        assert await registry.find_by_id(10**12) is None
