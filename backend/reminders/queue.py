"""Finding due JKP reminders and running `ReminderDispatcher.deliver` for each: one port, two ways.

- `ProcrastinateQueue` (PostgreSQL, `backend.reminders.queue_procrastinate`): due rows go
  into procrastinate's job queue, run by any number of worker processes.
- `PollingQueue` (SQLite, or any database with one worker), here: each round claims the due
  rows itself. SQLite has no SKIP LOCKED: run one worker there.

This module holds the port (`ReminderQueue`) and `PollingQueue`. `build_queue`
(`backend.reminders.setup`) picks by the database (`REMINDER_QUEUE=auto`) unless told.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.reminders import leases
from backend.reminders.dispatch import Delivered, ReminderDispatcher

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class ReminderQueue(Protocol):
    """Runs the delivery of due reminders until stopped."""

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver reminders as they come due, until `stop` is set."""
        ...

    async def run_once(self) -> int:
        """Deliver what is due now and return how many reminders were handled."""
        ...


async def _bounded(
    ids: Collection[int], deliver: Callable[[int], Any], concurrency: int
) -> list[Delivered]:
    gate = asyncio.Semaphore(concurrency)

    async def one(reminder_id: int) -> Delivered:
        async with gate:
            result: Delivered = await deliver(reminder_id)
            return result

    return list(await asyncio.gather(*(one(i) for i in ids)))


class PollingQueue:
    """Claims due rows from the table itself, `concurrency` sends at a time (one worker)."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        dispatcher: ReminderDispatcher,
        clock: Clock,
        poll_seconds: float,
        batch_size: int = 200,
        concurrency: int = 8,
    ) -> None:
        self._sessions = sessions
        self._dispatcher = dispatcher
        self._clock = clock
        self._poll = poll_seconds
        self._batch = batch_size
        bind = sessions.kw.get("bind")
        # SQLite takes one writer at a time: two sends racing to mark would fail "locked".
        on_sqlite = bind is not None and bind.dialect.name == "sqlite"
        self._concurrency = 1 if on_sqlite else concurrency

    async def run_once(self) -> int:
        """Send one batch of due reminders; return how many were handled."""
        async with self._sessions.begin() as session:
            ids = await leases.due_ids(
                session=session,
                now=self._clock(),
                limit=self._batch,
                channels=self._dispatcher.channels,
            )
        results = await _bounded(ids, self._dispatcher.deliver, self._concurrency)
        return sum(r != Delivered.NOT_CLAIMED for r in results)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until stopped: a full batch is followed at once by the next."""
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception:
                log.exception("reminder round failed; trying again")
                handled = 0
            if handled >= self._batch:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._poll)
