"""Who owns a chat, read from Redis marks: exact whatever order things happen in."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import make_engine, make_sessionmaker
from backend.db.tickets import HumanHandoff
from backend.errors import StorageUnavailable
from backend.ownership import RedisOwners
from backend.services.tickets import SqlTickets
from dialogues.services_cases import TicketKind
from nlu import Language
from tests.backend.db.factories import NOW, new_user


class CountingTickets:
    """The ticket service with its database check counted (how often the database is asked)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], owners: RedisOwners) -> None:
        self.asked = 0
        self.tickets = SqlTickets(sessions, owners)
        self.owners = owners

    async def owns(self, user: str) -> bool:
        async def counted() -> bool:
            self.asked += 1
            return await self.tickets._handoff_exists("rest", user)

        return await self.owners.owned("rest", user, counted)


@pytest.fixture
async def owners(
    redis_client: Redis, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[RedisOwners]:
    owners = RedisOwners(redis_client, sessions)
    yield owners
    async for key in redis_client.scan_iter(match=f"{owners._prefix}*"):
        await redis_client.delete(key)


async def _hand_off(tickets: SqlTickets, user: str) -> None:
    await tickets.open(
        "rest", user, kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="orang", now=NOW
    )


async def _hand_back(sessions: async_sessionmaker[AsyncSession], user: str) -> None:
    async with sessions.begin() as session:
        await session.execute(delete(HumanHandoff).where(HumanHandoff.channel_user_id == user))


async def test_nobody_owns_a_chat_without_a_mark_and_the_database_is_not_asked(
    sessions: async_sessionmaker[AsyncSession], owners: RedisOwners
) -> None:
    counting = CountingTickets(sessions, owners)
    await owners.resync()
    assert not await counting.owns(new_user())
    assert not await counting.owns(new_user())
    assert counting.asked == 0


async def test_a_hand_off_is_seen_at_once_and_a_hand_back_on_the_next_message(
    sessions: async_sessionmaker[AsyncSession], owners: RedisOwners
) -> None:
    counting = CountingTickets(sessions, owners)
    await owners.resync()
    user = new_user()
    await _hand_off(counting.tickets, user)
    assert await counting.owns(user) and counting.asked == 1
    await _hand_back(sessions, user)
    assert not await counting.owns(user)  # the mark is there: the database says no, it goes
    assert counting.asked == 2
    assert not await counting.owns(user)
    assert counting.asked == 2


async def test_after_redis_lost_its_keys_the_database_decides_and_the_marks_come_back(
    sessions: async_sessionmaker[AsyncSession], owners: RedisOwners, redis_client: Redis
) -> None:
    counting = CountingTickets(sessions, owners)
    owned, free = new_user(), new_user()
    await _hand_off(counting.tickets, owned)
    async for key in redis_client.scan_iter(match=f"{owners._prefix}*"):
        await redis_client.delete(key)  # what a Redis restart without persistence does
    assert await counting.owns(owned) and counting.asked == 1  # rows read, marks written back
    assert not await counting.owns(free) and counting.asked == 1
    assert await counting.owns(owned) and counting.asked == 2


async def test_a_take_over_meanwhile_keeps_its_new_mark(
    sessions: async_sessionmaker[AsyncSession], owners: RedisOwners
) -> None:
    await owners.resync()
    user = new_user()
    tickets = SqlTickets(sessions, owners)
    await _hand_off(tickets, user)
    await _hand_back(sessions, user)

    async def taken_over_while_asking() -> bool:
        # The database said "nobody" just before an officer took the chat over again.
        await owners.claim("rest", user)
        return False

    assert not await owners.owned("rest", user, taken_over_while_asking)
    await _hand_off(tickets, user)
    assert await tickets.human_owns("rest", user)


async def test_marks_of_another_database_are_not_read(
    sessions: async_sessionmaker[AsyncSession],
    owners: RedisOwners,
    redis_client: Redis,
    tmp_path: Path,
) -> None:
    user = new_user()
    tickets = SqlTickets(sessions, owners)
    await _hand_off(tickets, user)
    async for key in redis_client.scan_iter(match=f"{owners._prefix}*"):
        await redis_client.delete(key)
    other_engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    other = RedisOwners(redis_client, make_sessionmaker(other_engine))
    await redis_client.set(other._synced, "1")  # another deployment's marks are in sync
    try:
        assert await tickets.human_owns("rest", user)
    finally:
        await redis_client.delete(other._synced)
        await other_engine.dispose()


async def test_without_redis_the_database_decides_and_no_take_over_goes_on(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    owners = RedisOwners(unreachable, sessions)
    tickets = SqlTickets(sessions, owners)
    user = new_user()
    assert not await tickets.human_owns("rest", user)
    with pytest.raises(StorageUnavailable):
        await owners.claim("rest", user)
    await unreachable.aclose()


async def test_messages_arriving_together_after_a_loss_rebuild_the_marks_once(
    sessions: async_sessionmaker[AsyncSession],
    owners: RedisOwners,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    owned = new_user()
    await _hand_off(SqlTickets(sessions, owners), owned)
    async for key in redis_client.scan_iter(match=f"{owners._prefix}*"):
        await redis_client.delete(key)
    tickets = SqlTickets(sessions, owners)
    with caplog.at_level(logging.INFO, logger="backend.ownership"):
        answers = await asyncio.gather(
            tickets.human_owns("rest", owned),
            *(tickets.human_owns("rest", new_user()) for _ in range(9)),
        )
    assert answers == [True] + [False] * 9
    assert sum("marks written" in r.getMessage() for r in caplog.records) == 1
    assert await redis_client.get(owners._synced) is not None
