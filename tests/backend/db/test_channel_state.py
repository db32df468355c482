"""Expiring keys (in memory, SQLite, PostgreSQL, Redis) and unreachable chat users."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.errors import StorageUnavailable
from backend.expiring import (
    ExpiringKeys,
    InMemoryExpiringKeys,
    RedisExpiringKeys,
    SqlExpiringKeys,
)
from backend.reachability import InMemoryReachability, Reachability, SqlReachability
from tests.backend.db.factories import NOW
from tests.factories import ManualClock

MINUTE = timedelta(minutes=1)


def key() -> str:
    return f"test:{secrets.token_hex(6)}"


async def check_keys(keys: ExpiringKeys, advance: Callable[[timedelta], Awaitable[None]]) -> None:
    seen = key()
    assert await keys.add(seen, MINUTE, "first")
    assert not await keys.add(seen, MINUTE, "second")
    assert await keys.get(seen) == "first"
    assert await keys.get(key()) is None
    await advance(2 * MINUTE)
    assert await keys.get(seen) is None, "expired"
    assert await keys.add(seen, MINUTE, "again"), "an expired key may be added again"
    assert await keys.get(seen) == "again"
    await keys.put(seen, 10 * MINUTE, "replaced")
    await advance(2 * MINUTE)
    assert await keys.get(seen) == "replaced", "put holds it afresh"
    fresh = key()
    await keys.put(fresh, MINUTE, "put first")
    assert not await keys.add(fresh, MINUTE)


async def check_counting(
    keys: ExpiringKeys, advance: Callable[[timedelta], Awaitable[None]]
) -> None:
    counted = key()
    assert [await keys.incr(counted, MINUTE) for _ in range(3)] == [1, 2, 3]
    assert await keys.get(counted) == "3"
    assert await keys.incr(key(), MINUTE) == 1, "each key counts on its own"
    await advance(2 * MINUTE)
    assert await keys.get(counted) is None, "expired with the first count's time to live"
    assert await keys.incr(counted, MINUTE) == 1, "an expired count starts again"
    assert await keys.incr(counted, MINUTE) == 2
    await keys.put(counted, MINUTE, "0")
    assert await keys.incr(counted, MINUTE) == 1, "put to 0, it counts from 1 again"


async def test_counting_in_memory() -> None:
    clock = ManualClock(NOW)

    async def advance(delta: timedelta) -> None:
        clock.advance(delta)

    await check_counting(InMemoryExpiringKeys(clock.now), advance)


async def test_counting_in_the_database(sessions: async_sessionmaker[AsyncSession]) -> None:
    clock = ManualClock(NOW)

    async def advance(delta: timedelta) -> None:
        clock.advance(delta)

    await check_counting(SqlExpiringKeys(sessions, clock=clock.now), advance)


@pytest.mark.redis
async def test_counting_in_redis(redis_client: Redis) -> None:
    async def advance(delta: timedelta) -> None:
        for name in await redis_client.keys("jamsos:key:test:*"):
            if await redis_client.pttl(name) < 5 * 60_000:
                await redis_client.pexpire(name, 1)
        await asyncio.sleep(0.01)

    await check_counting(RedisExpiringKeys(redis_client), advance)


async def test_counts_made_at_once_are_all_kept(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    stores = [SqlExpiringKeys(sessions, clock=lambda: NOW) for _ in range(8)]
    counted = key()
    counts = await asyncio.gather(*(store.incr(counted, MINUTE) for store in stores))
    assert sorted(counts) == list(range(1, 9))


@pytest.mark.postgres
async def test_counts_made_at_once_on_postgres_are_all_kept(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    stores = [SqlExpiringKeys(postgres_sessions, clock=lambda: NOW) for _ in range(8)]
    for _ in range(3):
        counted = key()
        counts = await asyncio.gather(
            *(store.incr(counted, MINUTE) for store in stores for _ in range(3))
        )
        assert sorted(counts) == list(range(1, 25))


@pytest.mark.redis
async def test_counts_made_at_once_in_redis_are_all_kept(redis_client: Redis) -> None:
    stores = [RedisExpiringKeys(redis_client) for _ in range(8)]
    counted = key()
    counts = await asyncio.gather(*(store.incr(counted, MINUTE) for store in stores))
    assert sorted(counts) == list(range(1, 9))
    assert 0 < await redis_client.pttl(f"jamsos:key:{counted}") <= 60_000


async def test_keys_in_memory() -> None:
    clock = ManualClock(NOW)

    async def advance(delta: timedelta) -> None:
        clock.advance(delta)

    await check_keys(InMemoryExpiringKeys(clock.now), advance)


async def test_keys_in_the_database(sessions: async_sessionmaker[AsyncSession]) -> None:
    clock = ManualClock(NOW)

    async def advance(delta: timedelta) -> None:
        clock.advance(delta)

    await check_keys(SqlExpiringKeys(sessions, clock=clock.now), advance)


@pytest.mark.redis
async def test_keys_in_redis(redis_client: Redis) -> None:
    async def advance(delta: timedelta) -> None:
        # Redis keeps its own time: shorten what is left instead of waiting.
        for name in await redis_client.keys("jamsos:key:test:*"):
            if await redis_client.pttl(name) < 5 * 60_000:
                await redis_client.pexpire(name, 1)
        await asyncio.sleep(0.01)

    await check_keys(RedisExpiringKeys(redis_client), advance)


async def test_of_many_adding_one_key_at_once_exactly_one_adds_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    stores = [SqlExpiringKeys(sessions, clock=lambda: NOW) for _ in range(8)]
    seen = key()
    added = await asyncio.gather(*(store.add(seen, MINUTE) for store in stores))
    assert sorted(added) == [False] * 7 + [True]


@pytest.mark.postgres
async def test_exactly_one_adds_on_postgres_under_real_concurrency(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    stores = [SqlExpiringKeys(postgres_sessions, clock=lambda: NOW) for _ in range(8)]
    for _ in range(5):
        seen = key()
        added = await asyncio.gather(*(store.add(seen, MINUTE) for store in stores))
        assert added.count(True) == 1


async def test_expired_rows_are_purged_now_and_then(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    clock = ManualClock(NOW)
    keys = SqlExpiringKeys(sessions, clock=clock.now)
    old = key()
    assert await keys.add(old, MINUTE)
    clock.advance(2 * MINUTE)
    for _ in range(500):  # PURGE_EVERY adds: the last one deletes every expired row
        await keys.add(key(), MINUTE)
    assert await keys.get(old) is None


async def test_a_database_that_cant_be_reached_is_storage_unavailable() -> None:
    from backend.db import make_engine, make_sessionmaker

    engine = make_engine("sqlite+aiosqlite:////nonexistent/folder/jamsos.db")
    try:
        keys = SqlExpiringKeys(make_sessionmaker(engine))
        with pytest.raises(StorageUnavailable):
            await keys.add(key(), MINUTE)
        with pytest.raises(StorageUnavailable):
            await keys.get(key())
        with pytest.raises(StorageUnavailable):
            await keys.incr(key(), MINUTE)
        with pytest.raises(StorageUnavailable):
            await SqlReachability(make_sessionmaker(engine)).unreachable("telegram", "1")
    finally:
        await engine.dispose()


async def check_reachability(reachability: Reachability) -> None:
    user = secrets.token_hex(4)
    assert not await reachability.unreachable("telegram", user)
    await reachability.mark_unreachable("telegram", user, reason="blocked", now=NOW)
    await reachability.mark_unreachable("telegram", user, reason="again", now=NOW)
    assert await reachability.unreachable("telegram", user)
    assert not await reachability.unreachable("whatsapp", user), "per channel"
    await reachability.mark_reachable("telegram", user)
    await reachability.mark_reachable("telegram", user)
    assert not await reachability.unreachable("telegram", user)


async def test_reachability_in_memory() -> None:
    await check_reachability(InMemoryReachability())


async def test_reachability_in_the_database(sessions: async_sessionmaker[AsyncSession]) -> None:
    await check_reachability(SqlReachability(sessions))
