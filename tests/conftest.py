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
def settings() -> Settings:
    """Settings for the embedded default: in-memory state and the built-in NLU."""
    return Settings(_env_file=None, redis_url=None, nlu_model_dir=ROOT / ".jamsos" / "nlu-model")


def fixed_clock() -> ManualClock:
    """Return a clock standing at `TODAY_MOMENT`."""
    return ManualClock(TODAY_MOMENT)


@pytest.fixture(scope="session")
def runtime(settings: Settings) -> Runtime:
    """An engine wired as `jamsos chat` wires it (trains the model if it is missing)."""
    return build_runtime(settings, clock=fixed_clock())


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to a fresh app (fresh in-memory conversations, fixed clock)."""
    app = build_app(settings, clock=fixed_clock())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
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
