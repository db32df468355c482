"""PostgreSQL: the job queue, the shared rate, and `jamsos worker` processes sending reminders.

Two worker processes take 1,000 reminders due at once: each reaches the platform exactly
once. One worker killed with SIGKILL halfway and started again: still exactly once (the
sends it had in flight are sent again with their idempotency keys, which the platform
drops; the test counts them).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import make_engine, make_sessionmaker, migrate
from backend.db.reminders import JkpReminder, JkpSubscription
from backend.delivery.senders import RecordingSender, SenderRegistry
from backend.reachability import InMemoryReachability
from backend.reminders import leases, store
from backend.reminders.dispatch import ReminderDispatcher
from backend.reminders.gate import PostgresRateGate
from backend.reminders.queue_procrastinate import ProcrastinateQueue
from dialogues.i18n import Catalogs
from dialogues.reminders import ReminderState
from dialogues.rules.jkp_schedule import ReminderKind
from nlu import Language
from tests.backend.db.conftest import PostgresServer
from tests.backend.reminders.factories import subscribe
from tests.backend.reminders.fake_platform import FakePlatform
from tests.factories import ManualClock
from tests.servers import serve_in_thread

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
REMINDERS = 1000
DEADLINE = 45.0


def daytime_zone(now: datetime) -> str:
    """Return a fixed-offset zone where it is between 10:00 and 18:00 now (no quiet hours)."""
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
        if 10 <= now.astimezone(ZoneInfo(name)).hour <= 18:
            return name
    raise AssertionError("no zone in daytime")


@pytest.fixture
async def fresh_database(postgres_server: PostgresServer) -> AsyncIterator[URL]:
    """A new PostgreSQL database, migrated (the job queue's schema included), dropped after."""
    url = postgres_server.create_database()
    await migrate.upgrade(url)
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
async def fresh_sessions(fresh_database: URL) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(fresh_database)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def add_due_reminders(sessions: async_sessionmaker[AsyncSession], count: int) -> None:
    """`count` subscriptions of the REST channel, each with one reminder due a minute ago."""
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    first = now.date() - timedelta(days=10)
    async with sessions.begin() as session:
        subscriptions = [
            JkpSubscription(
                channel="rest",
                channel_user_id=f"worker-{i}",
                language=Language.ID,
                timezone=zone,
                preferred_hour=12,
                dismissal_date=first - timedelta(days=5),
                first_date=first,
                state="active",
                created_at=now,
            )
            for i in range(count)
        ]
        session.add_all(subscriptions)
        await session.flush()
        session.add_all(
            JkpReminder(
                subscription_id=s.id,
                channel="rest",
                recipient=s.channel_user_id,
                month=2,
                kind=ReminderKind.EARLY,
                due_at=now - timedelta(minutes=1),
                idempotency_key=store.idempotency_key("rest", s.id, 2, "early"),
                state=ReminderState.PENDING,
                attempts=0,
            )
            for s in subscriptions
        )


def start_worker(url: URL, callback: str, log: Path) -> subprocess.Popen[bytes]:
    """Start `jamsos worker` on the database, sending REST messages to `callback`."""
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "REST_CALLBACK_URL": callback,
        "REMINDER_LEASE_SECONDS": "3",
        "REMINDER_SWEEP_SECONDS": "0.5",
        "REMINDER_POLL_SECONDS": "0.2",
        "REMINDER_CONCURRENCY": "8",
        "REMINDER_MESSAGES_PER_SECOND": "{}",
        "WORKER_POLL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    with log.open("ab") as errors:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The worker processes a test starts; all stopped at the end, whatever happens."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def wait_until(condition: object, deadline: float) -> None:
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)


async def states(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(JkpReminder.state, func.count()).group_by(JkpReminder.state)
        )
        return {str(state): count for state, count in rows.all()}


async def test_two_workers_deliver_1000_reminders_each_exactly_once(
    fresh_database: URL,
    fresh_sessions: async_sessionmaker[AsyncSession],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    await add_due_reminders(fresh_sessions, REMINDERS)
    platform = FakePlatform(delay=0.002)
    started = time.monotonic()
    with serve_in_thread(platform.app()) as base:
        for _ in range(2):
            workers.append(start_worker(fresh_database, f"{base}/callback", tmp_path / "w.log"))
        await wait_until(lambda: len(platform.delivered) >= REMINDERS, started + DEADLINE)
        await asyncio.sleep(1.0)  # anything sent twice would arrive now
    log = (tmp_path / "w.log").read_text() if (tmp_path / "w.log").exists() else ""
    assert len(platform.delivered) == REMINDERS, log[-3000:]
    assert sum(platform.requests.values()) == REMINDERS  # not one repeat, even with the key
    assert set(platform.delivered.values()) == {f"worker-{i}" for i in range(REMINDERS)}
    assert await states(fresh_sessions) == {"sent": REMINDERS}
    async with fresh_sessions() as session:
        senders = await session.scalars(select(JkpReminder.claimed_by).distinct())
        assert len(set(senders)) == 2  # both workers took a share
    assert time.monotonic() - started < DEADLINE


async def test_a_worker_killed_halfway_and_restarted_still_delivers_each_exactly_once(
    fresh_database: URL,
    fresh_sessions: async_sessionmaker[AsyncSession],
    workers: list[subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    await add_due_reminders(fresh_sessions, REMINDERS)
    # Slow answers: the worker killed has sends in flight.
    platform = FakePlatform(delay=0.02)
    started = time.monotonic()
    log = tmp_path / "w.log"
    with serve_in_thread(platform.app()) as base:
        victim = start_worker(fresh_database, f"{base}/callback", log)
        workers.append(victim)
        workers.append(start_worker(fresh_database, f"{base}/callback", log))
        await wait_until(lambda: len(platform.delivered) >= REMINDERS // 2, started + DEADLINE)
        assert len(platform.delivered) < REMINDERS, "finished before the kill"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        async with fresh_sessions() as session:
            in_flight = await session.scalar(
                select(func.count()).where(JkpReminder.state == ReminderState.SENDING)
            )
        workers.append(start_worker(fresh_database, f"{base}/callback", log))  # restarted
        await wait_until(lambda: len(platform.delivered) >= REMINDERS, started + DEADLINE)
        await wait_until(
            lambda: False, time.monotonic() + 1.0
        )  # let any late repeat arrive and the last marks land
        counts = await states(fresh_sessions)
    text_log = log.read_text() if log.exists() else ""
    assert len(platform.delivered) == REMINDERS, text_log[-3000:]
    assert set(platform.delivered.values()) == {f"worker-{i}" for i in range(REMINDERS)}
    assert counts == {"sent": REMINDERS}, counts
    # Only the sends in flight at the kill may have been repeated, with their keys (dropped).
    assert platform.repeats <= 8
    assert platform.repeats <= (in_flight or 0)
    assert time.monotonic() - started < DEADLINE + 10


async def test_due_rows_become_jobs_in_their_own_transaction_once(
    postgres_sessions: async_sessionmaker[AsyncSession], shared_postgres_url: URL
) -> None:
    clock = ManualClock(datetime(2026, 10, 7, 23, 0, tzinfo=UTC))
    sub, rows = await subscribe(postgres_sessions)
    dispatcher = ReminderDispatcher(
        sessions=postgres_sessions,
        senders=SenderRegistry({"rest": RecordingSender()}),
        catalogs=Catalogs(),
        reachability=InMemoryReachability(),
        gate=PostgresRateGate(postgres_sessions, {}),
        clock=clock.now,
        worker="test",
    )
    queue = ProcrastinateQueue(
        url=shared_postgres_url,
        sessions=postgres_sessions,
        dispatcher=dispatcher,
        clock=clock.now,
        horizon=timedelta(hours=2),
    )
    async with queue.app.open_async():
        # Month 2's early reminder is due at 01:00 UTC (09:00 in Taipei) on 8 October.
        assert await queue.schedule_due() >= 1
        assert await queue.schedule_due() == 0  # nothing queued twice
        async with postgres_sessions() as session:
            row = await session.get(JkpReminder, rows[0].id)
            assert row is not None and row.job_id
            job = (
                await session.execute(
                    text(
                        "SELECT task_name, queueing_lock, scheduled_at, args "
                        "FROM procrastinate_jobs WHERE id = :id"
                    ),
                    {"id": row.job_id},
                )
            ).one()
        assert job.task_name == "jkp_reminder.send"
        assert job.queueing_lock == f"jkp-reminder:{rows[0].id}"
        assert job.scheduled_at == rows[0].due_at
        assert job.args == {"reminder_id": rows[0].id}
        # A second job for a reminder whose job still waits is refused by the queueing lock.
        async with postgres_sessions.begin() as session:
            ids = await queue._defer(session, {rows[0].id: rows[0].due_at})
        assert ids == {rows[0].id: 0}
        # A row left `sending` by a dead worker gets a new job once its lease ran out (its
        # first job was taken by that worker: `doing`, no longer holding the queueing lock).
        async with postgres_sessions.begin() as session:
            await session.execute(
                text("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = :id"),
                {"id": row.job_id},
            )
            await leases.claim(
                session=session,
                reminder_id=rows[0].id,
                worker="dead",
                now=rows[0].due_at,
                lease=timedelta(seconds=30),
            )
        clock.current = rows[0].due_at + timedelta(minutes=1)
        assert await queue.schedule_due() >= 1
        async with postgres_sessions() as session:
            again = await session.get(JkpReminder, rows[0].id)
            assert again is not None
            assert again.state == ReminderState.PENDING and again.claimed_by == "dead"
            assert again.job_id and again.job_id != row.job_id
    assert sub.state == "active"


async def test_the_shared_rate_spaces_sends_across_processes(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> None:
    channel = f"bench-{time.monotonic_ns()}"
    slots: list[float] = []

    async def sleep(seconds: float) -> None:
        slots.append(time.monotonic() + seconds)

    # Two gates on one table stand for two worker processes.
    gates = [PostgresRateGate(postgres_sessions, {channel: 20.0}, sleep=sleep) for _ in range(2)]
    await asyncio.gather(*(gates[i % 2].wait_turn(channel) for i in range(10)))
    slots.sort()  # the first slot is at once (no sleep): 9 waits, 50 ms apart
    assert len(slots) == 9
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert all(0.03 < gap < 0.08 for gap in gaps), gaps
    assert slots[-1] - slots[0] == pytest.approx(0.40, abs=0.05)
    await gates[0].hold(channel, timedelta(seconds=5))
    slots.clear()
    before = time.monotonic()
    await gates[1].wait_turn(channel)
    assert slots and slots[0] - before == pytest.approx(5.0, abs=0.3)
