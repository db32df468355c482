"""The officer API on a migrated database (SQLite, then PostgreSQL), with a clock tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.app import create_app
from backend.config import Settings
from bot.wiring import Runtime
from tests.backend.db import conftest as db_fixtures
from tests.backend.db.factories import NOW
from tests.factories import ManualClock

# The database fixtures of tests/backend/db, shared (SQLite, then PostgreSQL).
postgres_server = db_fixtures.postgres_server
shared_postgres_url = db_fixtures.shared_postgres_url
database = db_fixtures.database
engine = db_fixtures.engine
sessions = db_fixtures.sessions
postgres_sessions = db_fixtures.postgres_sessions


@pytest.fixture
def clock() -> ManualClock:
    """The app's clock, standing at the factories' NOW until a test moves it."""
    return ManualClock(NOW)


def officer_app(
    runtime: Runtime,
    sessions: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    settings: Settings,
) -> FastAPI:
    """The app as `jamsos serve` builds it, on the test's database and clock."""
    return create_app(
        engine=runtime.engine,
        parser=runtime.parser,
        sessions=sessions,
        clock=clock.now,
        settings=settings,
    )


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """The uploads folder of the test's app."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


@pytest.fixture
async def api(
    runtime: Runtime,
    sessions: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    settings: Settings,
    uploads: Path,
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the app on the test's database (files kept in `uploads`)."""
    app = officer_app(
        runtime, sessions, clock, settings.model_copy(update={"uploads_dir": uploads})
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
        yield http
