"""The PostgreSQL reminder queue (`backend.reminders.queue`): procrastinate's job queue.

`ProcrastinateQueue`: the reminder rows stay the truth; a sweeper moves the rows due within
`horizon` into procrastinate's job queue, each as a job `jkp_reminder.send(reminder_id)`
scheduled at its due moment (`schedule_at`) with the queueing lock `jkp-reminder:<id>` (a
second job for a reminder still waiting is refused). The jobs are written **in the same
transaction** that sets the row's `job_id` (through our connection:
`batch_defer_jobs_async(connection=...)`), so a crash never leaves a row believed queued
without its job, nor a job without its row. Procrastinate's workers (any number of processes,
on any machines: `SELECT ... FOR UPDATE SKIP LOCKED` and LISTEN/NOTIFY) run each job at its
time; a job that fails unexpectedly (the database went away) is retried by procrastinate. The
sweeper also takes back what a worker that died left: its rows still `sending` once their
lease ran out get a new job, and its jobs (`doing`, the worker's heartbeat gone for
`stalled_after`) are run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.reminders import JkpReminder
from backend.reminders.dispatch import ReminderDispatcher
from backend.reminders.queue import Clock
from dialogues.reminders import ReminderState

log = logging.getLogger(__name__)

QUEUE = "jkp_reminders"
TASK = "jkp_reminder.send"
MIN_STALLED_SECONDS = 15.0
QUEUED_ELSEWHERE = 0
"""`job_id` of a row whose job another process queued (its id unknown here)."""


def conninfo(url: URL) -> str:
    """Return libpq's connection string for a SQLAlchemy PostgreSQL URL."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class ProcrastinateQueue:
    """Due rows go into procrastinate's job queue; its worker runs them at their time."""

    def __init__(
        self,
        *,
        url: URL,
        sessions: async_sessionmaker[AsyncSession],
        dispatcher: ReminderDispatcher,
        clock: Clock,
        concurrency: int = 8,
        sweep_seconds: float = 10.0,
        poll_seconds: float = 1.0,
        horizon: timedelta = timedelta(minutes=15),
        batch_size: int = 1000,
        worker_name: str = "jkp-reminders",
        stalled_after: timedelta = timedelta(seconds=60),
    ) -> None:
        self._sessions = sessions
        self._dispatcher = dispatcher
        self._clock = clock
        self._concurrency = concurrency
        self._sweep = sweep_seconds
        self._poll = poll_seconds
        self._horizon = horizon
        self._batch = batch_size
        self._name = worker_name
        # A worker is taken as dead only after this long without a heartbeat: one merely
        # starved of CPU must not have its jobs run twice.
        self._stalled = max(stalled_after.total_seconds(), MIN_STALLED_SECONDS)
        self.app = App(connector=PsycopgConnector(conninfo=conninfo(url)))
        self._task = self.app.task(
            name=TASK,
            queue=QUEUE,
            pass_context=False,
            # The dispatcher handles channel errors itself; what escapes it (the database
            # went away mid-job) is tried again by procrastinate.
            retry=RetryStrategy(max_attempts=5, exponential_wait=2),
        )(self._send)

    async def _send(self, reminder_id: int) -> None:
        await self._dispatcher.deliver(reminder_id)

    async def retry_stalled(self) -> int:
        """Run again the jobs of workers that stopped beating (killed); return how many.

        Such a job's reminder is in doubt if it was claimed (`dispatch` decides), or simply
        still due if it was not: either way the job runs again, elsewhere.
        """
        retried = 0
        stalled = await self.app.job_manager.get_stalled_jobs(
            queue=QUEUE, seconds_since_heartbeat=self._stalled
        )
        for job in stalled:
            try:
                await self.app.job_manager.retry_job(job)
            except Exception:  # another job for that reminder waits already (its lock)
                log.debug("stalled job %s not retried", job.id, exc_info=True)
            else:
                retried += 1
        if retried:
            log.warning("retried %d jobs of workers that stopped", retried)
        return retried

    async def schedule_due(self) -> int:
        """Queue the rows due within the horizon that have no job; return how many."""
        now = self._clock()
        queued = 0
        while True:
            async with self._sessions.begin() as session:
                rows = (
                    await session.execute(
                        select(JkpReminder.id, JkpReminder.due_at, JkpReminder.not_before)
                        .where(
                            or_(
                                (JkpReminder.state == ReminderState.PENDING)
                                & JkpReminder.job_id.is_(None)
                                & (
                                    func.coalesce(JkpReminder.not_before, JkpReminder.due_at)
                                    <= now + self._horizon
                                ),
                                (JkpReminder.state == ReminderState.SENDING)
                                & (JkpReminder.lease_until < now),
                            ),
                            JkpReminder.channel.in_(list(self._dispatcher.channels)),
                        )
                        .order_by(JkpReminder.due_at, JkpReminder.id)
                        .limit(self._batch)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
                if not rows:
                    return queued
                jobs = {row.id: max(row.due_at, row.not_before or row.due_at) for row in rows}
                ids = await self._defer(session, jobs)
                for reminder_id, job_id in ids.items():
                    # A row whose sender died goes back to pending (its `claimed_by` kept:
                    # the next claim knows it is in doubt).
                    await session.execute(
                        update(JkpReminder)
                        .where(JkpReminder.id == reminder_id)
                        .values(job_id=job_id, state=ReminderState.PENDING, lease_until=None)
                        .execution_options(synchronize_session=False)
                    )
            queued += len(rows)
            if len(rows) < self._batch:
                return queued

    async def _defer(self, session: AsyncSession, due: dict[int, datetime]) -> dict[int, int]:
        """Write the jobs through the session's own connection (its transaction)."""
        connection = await session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        manager = self.app.job_manager

        def job(reminder_id: int) -> Any:
            deferrer = self._task.configure(
                schedule_at=due[reminder_id], queueing_lock=f"jkp-reminder:{reminder_id}"
            )
            return deferrer.make_new_job(reminder_id=reminder_id)

        # Savepoints on the connection itself (emitted at once, unlike the session's): a job
        # refused by its queueing lock must not abort the whole transaction.
        try:
            async with connection.begin_nested():
                done = await manager.batch_defer_jobs_async(
                    jobs=[job(i) for i in due], connection=raw
                )
            return {rid: int(j.id or 0) for rid, j in zip(due, done, strict=True)}
        except AlreadyEnqueued:
            pass
        # One of them has a job waiting already (queued by another process): one at a time.
        ids: dict[int, int] = {}
        for reminder_id in due:
            try:
                async with connection.begin_nested():
                    one = await manager.defer_job_async(job=job(reminder_id), connection=raw)
                ids[reminder_id] = int(one.id or 0)
            except AlreadyEnqueued:
                ids[reminder_id] = QUEUED_ELSEWHERE
        return ids

    async def run_once(self) -> int:
        """Queue what is due now and run the jobs that are due, then return."""
        async with self.app.open_async():
            queued = await self.schedule_due()
            await self.app.run_worker_async(
                queues=[QUEUE],
                concurrency=self._concurrency,
                wait=False,
                install_signal_handlers=False,
                listen_notify=False,
                delete_jobs="successful",
                name=self._name,
            )
        return queued

    async def run(self, stop: asyncio.Event) -> None:
        """Run procrastinate's worker and the sweeper until `stop` is set."""
        async with self.app.open_async():
            worker = asyncio.create_task(
                self.app.run_worker_async(
                    queues=[QUEUE],
                    concurrency=self._concurrency,
                    install_signal_handlers=False,
                    fetch_job_polling_interval=self._poll,
                    delete_jobs="successful",
                    name=self._name,
                    shutdown_graceful_timeout=30,
                    update_heartbeat_interval=self._stalled / 5,
                    stalled_worker_timeout=self._stalled,
                ),
                name="procrastinate worker",
            )
            try:
                while not stop.is_set() and not worker.done():
                    try:
                        await self.schedule_due()
                        await self.retry_stalled()
                    except Exception:
                        log.exception("queueing due reminders failed; trying again")
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=self._sweep)
            finally:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
