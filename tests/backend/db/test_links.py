"""Linking a chat user: all three details must match; three misses lock it for 15 minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.errors import InvalidInput
from backend.links import (
    LOCK,
    Linked,
    Locked,
    WrongDetails,
    link,
    linked_participant_id,
    unlink,
)
from backend.registry import SqlParticipantRegistry
from tests.backend.db.factories import BIRTH_DATE, NOW, add_participant, new_user, random_nik


async def _try(
    session: AsyncSession, user: str, kpj: str, nik: str, minutes: float, born: date = BIRTH_DATE
) -> Linked | WrongDetails | Locked:
    return await link(
        session=session,
        registry=SqlParticipantRegistry(session),
        channel="rest",
        channel_user_id=user,
        kpj=kpj,
        nik=nik,
        birth_date=born,
        now=NOW + timedelta(minutes=minutes),
    )


async def test_linking_and_unlinking(sessions: async_sessionmaker[AsyncSession]) -> None:
    user = new_user()
    async with sessions.begin() as session:
        participant = await add_participant(session)
        outcome = await _try(session, user, participant.kpj, participant.nik, 0)
        assert isinstance(outcome, Linked) and outcome.participant.id == participant.id
    async with sessions.begin() as session:
        found = await linked_participant_id(session=session, channel="rest", channel_user_id=user)
        assert found == participant.id
        assert await unlink(session=session, channel="rest", channel_user_id=user)
        assert not await unlink(session=session, channel="rest", channel_user_id=user)
        gone = await linked_participant_id(session=session, channel="rest", channel_user_id=user)
        assert gone is None


async def test_three_wrong_tries_lock_linking_for_15_minutes(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = new_user()
    async with sessions.begin() as session:
        participant = await add_participant(session)
        wrong_nik = random_nik()
        assert await _try(session, user, participant.kpj, wrong_nik, 0) == WrongDetails(2)
        assert await _try(session, user, participant.kpj, wrong_nik, 1) == WrongDetails(1)
        third = await _try(session, user, participant.kpj, wrong_nik, 2)
        assert third == Locked(NOW + timedelta(minutes=2) + LOCK)
        # Even the right details are refused while locked.
        assert isinstance(await _try(session, user, participant.kpj, participant.nik, 16), Locked)
        unlocked = await _try(session, user, participant.kpj, participant.nik, 17)
        assert isinstance(unlocked, Linked)


async def test_wrong_tries_far_apart_do_not_lock(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = new_user()
    async with sessions.begin() as session:
        participant = await add_participant(session)
        wrong_nik = random_nik()
        assert await _try(session, user, participant.kpj, wrong_nik, 0) == WrongDetails(2)
        assert await _try(session, user, participant.kpj, wrong_nik, 10) == WrongDetails(1)
        assert await _try(session, user, participant.kpj, wrong_nik, 20) == WrongDetails(1)
        assert isinstance(await _try(session, user, participant.kpj, participant.nik, 21), Linked)


@pytest.mark.parametrize(
    ("kpj", "nik", "born", "field"),
    [
        ("1234567890", None, BIRTH_DATE, "kpj"),
        ("123456789012", None, BIRTH_DATE, "kpj"),
        ("1234567890a", None, BIRTH_DATE, "kpj"),
        ("12345678901", "123", BIRTH_DATE, "nik"),
        ("12345678901", None, date(1965, 1, 2), "nik"),
        ("12345678901", None, date(2027, 1, 1), "birth_date"),
    ],
)
async def test_malformed_details_are_refused_without_counting(
    sessions: async_sessionmaker[AsyncSession],
    kpj: str,
    nik: str | None,
    born: date,
    field: str,
) -> None:
    user = new_user()
    async with sessions() as session:
        for minutes in range(4):
            with pytest.raises(InvalidInput) as refused:
                await _try(session, user, kpj, nik or random_nik(), minutes, born)
            assert refused.value.field == field
        outcome = await _try(session, user, "0" * 11, random_nik(), 5)
        assert outcome == WrongDetails(2)
