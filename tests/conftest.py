"""Shared fixtures: the trained model, the engine, the app, and the opt-in Redis server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.config import Settings
from backend.db import make_engine, make_sessionmaker, migrate
from backend.seed import seed_demo
from bot.wiring import Runtime, build_app, build_runtime
from dialogues import catalogs
from tests.factories import ManualClock

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
TODAY_MOMENT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
"""The moment the app's clock reads in tests: Saturday 21 November 2026, 16:00 in Jakarta.

Conversation tests name dates relative to it ("a future date" is after it), so they mean
the same whenever they run.
"""


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compile the catalogs once, as the set-up does."""
    catalogs.compile_all(catalogs.default_locales_dir())


@pytest.fixture(scope="session")
async def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file migrated to the newest and filled by `jamsos seed-demo` (as of the clock)."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('jamsos') / 'jamsos.db'}"
    await migrate.upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            await seed_demo(session=session, today=TODAY_MOMENT.date())
    finally:
        await engine.dispose()
    return url


@pytest.fixture(scope="session")
def settings(seeded_database: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the embedded default: in-memory state, the built-in NLU, a seeded SQLite
    file of the test session and a private uploads folder."""
    return Settings(
        _env_file=None,
        redis_url=None,
        nlu_model_dir=ROOT / ".jamsos" / "nlu-model",
        database_url=seeded_database,
        uploads_dir=tmp_path_factory.mktemp("uploads"),
    )


def fixed_clock() -> ManualClock:
    """Return a clock standing at `TODAY_MOMENT`."""
    return ManualClock(TODAY_MOMENT)


@pytest.fixture(scope="session")
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """An engine wired as `jamsos chat` wires it (trains the model if it is missing)."""
    wired = build_runtime(settings, clock=fixed_clock())
    yield wired
    await wired.aclose()


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to a fresh app (fresh in-memory conversations, fixed clock)."""
    app = build_app(settings, clock=fixed_clock())
    transport = httpx.ASGITransport(app=app)
    # The app's lifespan closes its database connections at the end.
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http,
    ):
        yield http


def redis_url() -> str:
    """Return the Redis URL for tests (database 15, so nothing else is touched)."""
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
async def redis_client() -> AsyncIterator[Redis]:
    """A client of the real Redis server: required under CI, skipped elsewhere when absent."""
    client = Redis.from_url(redis_url())
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        await client.aclose()
        if IN_CI:
            pytest.fail(f"CI=true but Redis at {redis_url()} can't be reached: {error}")
        pytest.skip(f"Redis at {redis_url()} can't be reached")
    yield client
    await client.aclose()
