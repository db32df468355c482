"""Building the reminder queue of `jamsos worker` from the settings."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db.engine import database_url
from backend.delivery.senders import SenderRegistry
from backend.reachability import SqlReachability
from backend.reminders.dispatch import DispatchOptions, ReminderDispatcher
from backend.reminders.gate import LocalRateGate, PostgresRateGate, RateGate
from backend.reminders.queue import PollingQueue, ReminderQueue
from backend.reminders.queue_procrastinate import ProcrastinateQueue
from dialogues.i18n import Catalogs


def worker_name() -> str:
    """Return a name for this worker process: host, process id, a random part."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(3)}"


def engine_options(settings: Settings) -> dict[str, Any]:
    """Return the worker's connection pool: one connection per send at once, and some spare.

    With fewer, each send beyond the pool opens and closes a connection of its own (tens of
    milliseconds each on PostgreSQL), which caps a worker far below a channel's rate.
    """
    if database_url(settings.database_url).get_backend_name() != "postgresql":
        return {}
    # No ping before each checkout: a send is a few short transactions, and one failing on a
    # connection the server closed is retried like any database error.
    return {
        "pool_size": settings.reminder_concurrency + 4,
        "max_overflow": 10,
        "pool_pre_ping": False,
        "pool_recycle": 600,
    }


def uses_job_queue(settings: Settings) -> bool:
    """Whether reminders go through procrastinate (PostgreSQL) rather than polling."""
    if settings.reminder_queue != "auto":
        return settings.reminder_queue == "procrastinate"
    return database_url(settings.database_url).get_backend_name() == "postgresql"


def build_queue(
    settings: Settings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    senders: SenderRegistry,
    catalogs: Catalogs,
    clock: Callable[[], datetime],
    name: str | None = None,
) -> ReminderQueue:
    """Return the reminder queue: procrastinate on PostgreSQL, polling on SQLite."""
    name = name or worker_name()
    on_postgres = database_url(settings.database_url).get_backend_name() == "postgresql"
    rates = settings.reminder_messages_per_second
    gate: RateGate = PostgresRateGate(sessions, rates) if on_postgres else LocalRateGate(rates)
    dispatcher = ReminderDispatcher(
        sessions=sessions,
        senders=senders,
        catalogs=catalogs,
        reachability=SqlReachability(sessions),
        gate=gate,
        clock=clock,
        worker=name,
        options=DispatchOptions(
            lease=timedelta(seconds=settings.reminder_lease_seconds),
            resend_in_doubt=frozenset(settings.reminder_resend_in_doubt),
        ),
    )
    if uses_job_queue(settings):
        return ProcrastinateQueue(
            url=database_url(settings.database_url),
            sessions=sessions,
            dispatcher=dispatcher,
            clock=clock,
            concurrency=settings.reminder_concurrency,
            sweep_seconds=settings.reminder_sweep_seconds,
            poll_seconds=settings.reminder_poll_seconds,
            worker_name=name,
            stalled_after=timedelta(seconds=settings.reminder_lease_seconds),
        )
    return PollingQueue(
        sessions=sessions,
        dispatcher=dispatcher,
        clock=clock,
        poll_seconds=settings.reminder_poll_seconds,
        concurrency=settings.reminder_concurrency,
    )
