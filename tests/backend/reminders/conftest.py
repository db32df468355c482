"""The reminder tests' database fixtures (SQLite, then PostgreSQL) and a dispatcher to drive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.delivery.senders import RecordingSender, SenderRegistry
from backend.reachability import SqlReachability
from backend.reminders.dispatch import DispatchOptions, ReminderDispatcher
from backend.reminders.gate import LocalRateGate
from dialogues.i18n import Catalogs
from tests.backend.db import conftest as db_fixtures
from tests.backend.reminders.factories import START
from tests.factories import ManualClock

# The database fixtures of tests/backend/db, shared (SQLite, then PostgreSQL).
postgres_server = db_fixtures.postgres_server
shared_postgres_url = db_fixtures.shared_postgres_url
database = db_fixtures.database
engine = db_fixtures.engine
sessions = db_fixtures.sessions
postgres_sessions = db_fixtures.postgres_sessions
empty_database_url = db_fixtures.empty_database_url


@dataclass
class Rig:
    """A dispatcher on the test's database, with a recording sender and a clock to move."""

    sessions: async_sessionmaker[AsyncSession]
    sender: RecordingSender
    reachability: SqlReachability
    clock: ManualClock
    sleeps: list[float]

    def dispatcher(
        self, worker: str = "w1", *, channel: str = "rest", lease: timedelta | None = None
    ) -> ReminderDispatcher:
        """Return a dispatcher sending `channel`'s reminders through the recording sender."""

        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        return ReminderDispatcher(
            sessions=self.sessions,
            senders=SenderRegistry({channel: self.sender}),
            catalogs=Catalogs(),
            reachability=self.reachability,
            gate=LocalRateGate({}, sleep=sleep),
            clock=self.clock.now,
            worker=worker,
            options=DispatchOptions(lease=lease or timedelta(seconds=60)),
        )


@pytest.fixture
def rig(sessions: async_sessionmaker[AsyncSession]) -> Rig:
    """A dispatcher rig on the test's database (SQLite, then PostgreSQL)."""
    return Rig(sessions, RecordingSender(), SqlReachability(sessions), ManualClock(START), [])
