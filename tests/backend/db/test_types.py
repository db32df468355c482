"""The portable types give the same values back on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.outbox import OutboxMessage
from backend.db.participants import Contribution, MembershipStatus, Participant
from backend.db.types import json_ready
from dialogues.rules.facts import JhtReason
from nlu import Language, Program
from tests.backend.db.factories import add_participant

JAKARTA = timezone(timedelta(hours=7))
PAYLOAD = {
    "reference": "CLM-7K3M9QXA",
    "nested": {"list": [1, 2.5, None, True], "text": "Rp1.500.000 · ümlaut · 中文"},
    "empty": {},
}


def _message(key: str, created_at: datetime) -> OutboxMessage:
    return OutboxMessage(
        channel="rest",
        recipient="someone",
        language=Language.EN,
        kind="claim.verifying",
        payload=PAYLOAD,
        dedupe_key=key,
        created_at=created_at,
        next_attempt_at=created_at,
        attempts=0,
    )


async def test_aware_datetimes_come_back_in_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    moment = datetime(2026, 5, 1, 9, 0, tzinfo=JAKARTA)
    key = f"types:{moment.isoformat()}:{id(moment)}"
    async with sessions.begin() as session:
        session.add(_message(key, moment))
    async with sessions() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
        assert row is not None
        assert row.created_at == moment
        assert row.created_at.tzinfo is UTC
        assert row.created_at.hour == 2
        assert row.payload == PAYLOAD
        assert row.language is Language.EN
        assert row.sent_at is None


async def test_naive_datetimes_are_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        session.add(_message("types:naive", datetime(2026, 5, 1, 9, 0)))  # noqa: DTZ001 (the point)
        with pytest.raises(StatementError, match="naive datetime"):
            await session.flush()


async def test_enums_are_stored_by_value(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        participant = await add_participant(session, status=MembershipStatus.INACTIVE)
    async with sessions() as session:
        raw = (
            await session.execute(
                text("SELECT segment, membership_status FROM participant WHERE id = :id"),
                {"id": participant.id},
            )
        ).one()
        assert tuple(raw) == ("PMI", "inactive")
        row = await session.get(Participant, participant.id)
        assert row is not None and row.membership_status is MembershipStatus.INACTIVE


async def test_big_integer_keys_autoincrement(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        first = await add_participant(session)
        second = await add_participant(session)
    assert isinstance(first.id, int) and second.id > first.id


async def test_errors_never_show_the_parameters_sent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        participant = await add_participant(session)
    async with sessions() as session:
        session.add(
            Participant(
                nik=participant.nik,
                kpj="09999999999",
                name="Duplicate",
                birth_date=participant.birth_date,
                segment=participant.segment,
                membership_start=participant.membership_start,
                membership_status=participant.membership_status,
            )
        )
        with pytest.raises(IntegrityError) as caught:
            await session.flush()
    # PostgreSQL's own message names the duplicate value ("Key (nik)=(...)"): the log filter
    # of bot/logs.py masks it in tracebacks. The statement's parameters are never shown.
    assert "parameters hidden" in str(caught.value)
    assert "09999999999" not in str(caught.value)


def test_json_ready_turns_dates_and_enums_into_strings() -> None:
    value = {"as_of": date(2026, 11, 21), "reason": JhtReason.AGE_56, "n": [1, (2, 3)]}
    assert json_ready(value) == {"as_of": "2026-11-21", "reason": "age_56", "n": [1, [2, 3]]}


async def test_foreign_keys_are_enforced(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        session.add(
            Contribution(
                participant_id=10**12, month=date(2026, 10, 1), program=Program.JHT, amount=1
            )
        )
        with pytest.raises(IntegrityError):
            await session.flush()
