"""Keeping a channel's sending rate: each message takes the next free slot, 1/rate apart.

A slot is reserved before each send (a GCRA, the "generic cell rate algorithm": the next
free moment moves on by 1/rate with each reservation), so messages leave evenly spaced at the
channel's rate, and a 429's `retry_after` pushes the next free moment back for everyone
(`hold`). `PostgresRateGate` keeps the next free moment in `reminder_send_rate`, one row per
channel, read and moved in one UPDATE with the database's clock: every worker process, on
every machine, shares one rate, and their own clocks don't matter. `LocalRateGate` keeps it
in memory: one process (SQLite) or tests. A channel with no rate configured is not held back.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

Sleep = Callable[[float], Awaitable[None]]


class RateGate(Protocol):
    """Spaces out the messages of each channel."""

    async def wait_turn(self, channel: str) -> None:
        """Return when the channel may take one more message."""
        ...

    async def hold(self, channel: str, delay: timedelta) -> None:
        """Take no message on the channel for `delay` (it answered 429 with `retry_after`)."""
        ...


class LocalRateGate:
    """Slots kept in this process (one worker process, or tests)."""

    def __init__(
        self,
        rates: Mapping[str, float],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._spacing = {channel: 1.0 / rate for channel, rate in rates.items() if rate > 0}
        self._next: dict[str, float] = {}
        self._clock = clock
        self._sleep = sleep

    async def wait_turn(self, channel: str) -> None:
        """Reserve the channel's next slot and sleep until it."""
        spacing = self._spacing.get(channel)
        if spacing is None:
            return
        now = self._clock()
        slot = max(self._next.get(channel, now), now)
        self._next[channel] = slot + spacing
        if slot > now:
            await self._sleep(slot - now)

    async def hold(self, channel: str, delay: timedelta) -> None:
        """Move the channel's next slot to at least `delay` from now."""
        now = self._clock()
        self._next[channel] = max(self._next.get(channel, now), now + delay.total_seconds())


_RESERVE = text(
    "UPDATE reminder_send_rate "
    "SET next_slot = GREATEST(next_slot, clock_timestamp()) + make_interval(secs => :spacing) "
    "WHERE channel = :channel "
    "RETURNING EXTRACT(EPOCH FROM next_slot - clock_timestamp()) - :spacing"
)
_ADD = text(
    "INSERT INTO reminder_send_rate (channel, next_slot) VALUES (:channel, clock_timestamp()) "
    "ON CONFLICT (channel) DO NOTHING"
)
_HOLD = text(
    "UPDATE reminder_send_rate "
    "SET next_slot = GREATEST(next_slot, clock_timestamp() + make_interval(secs => :delay)) "
    "WHERE channel = :channel"
)


class PostgresRateGate:
    """Slots kept in `reminder_send_rate`, shared by every worker process (PostgreSQL)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        rates: Mapping[str, float],
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._sessions = sessions
        self._spacing = {channel: 1.0 / rate for channel, rate in rates.items() if rate > 0}
        self._known: set[str] = set()
        self._sleep = sleep

    async def _ensure_row(self, channel: str) -> None:
        if channel in self._known:
            return
        async with self._sessions.begin() as session:
            await session.execute(_ADD, {"channel": channel})
        self._known.add(channel)

    async def wait_turn(self, channel: str) -> None:
        """Reserve the channel's next slot in the database and sleep until it."""
        spacing = self._spacing.get(channel)
        if spacing is None:
            return
        await self._ensure_row(channel)
        async with self._sessions.begin() as session:
            wait = await session.scalar(_RESERVE, {"channel": channel, "spacing": spacing})
        if wait is not None and float(wait) > 0:
            await self._sleep(float(wait))

    async def hold(self, channel: str, delay: timedelta) -> None:
        """Push the channel's next slot to at least `delay` from now, for every process."""
        await self._ensure_row(channel)
        async with self._sessions.begin() as session:
            await session.execute(
                _HOLD, {"channel": channel, "delay": max(delay.total_seconds(), 0.0)}
            )
