"""The WhatsApp channel against a fake Graph API on 127.0.0.1, on the session's database.

`whatsapp` builds the channel as `jamsos serve` does (`bot.wiring.build_whatsapp`) around
the session's engine, with a clock tests move; `post` sends a recorded payload to its
webhook, signed; `whatsapp.consumer.run_once()` processes what was kept. The WhatsApp
tables are emptied before each test, so no test consumes another's events.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db import make_engine, make_sessionmaker
from backend.db.channels import ExpiringKey, UnreachableChat
from backend.db.whatsapp import Contact, InboxEvent, OutboundMessage
from bot.wiring import Runtime, build_whatsapp
from tests.bot.whatsapp.fake_graph import FakeGraph, fake_graph_app
from tests.bot.whatsapp.support import Harness, webhook_app, whatsapp_settings
from tests.conftest import TODAY_MOMENT
from tests.factories import ManualClock
from tests.servers import serve_in_thread


@pytest.fixture
def graph() -> Iterator[tuple[FakeGraph, str]]:
    """The fake Graph API on 127.0.0.1, and its base URL (with the API version)."""
    fake = FakeGraph()
    with serve_in_thread(fake_graph_app(fake)) as url:
        yield fake, f"{url}/v22.0"


@pytest.fixture
def clock() -> ManualClock:
    """The channel's clock, standing at the tests' moment until a test moves it."""
    return ManualClock(TODAY_MOMENT)


@pytest.fixture
async def clean_tables(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the session's database, with the WhatsApp tables emptied first."""
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    async with sessions.begin() as session:
        for table in (InboxEvent, OutboundMessage, Contact):
            await session.execute(delete(table))
        await session.execute(delete(UnreachableChat).where(UnreachableChat.channel == "whatsapp"))
        await session.execute(delete(ExpiringKey).where(ExpiringKey.key.like("whatsapp:%")))
    yield sessions
    await engine.dispose()


@pytest.fixture
async def whatsapp(
    runtime: Runtime,
    settings: Settings,
    graph: tuple[FakeGraph, str],
    clock: ManualClock,
    clean_tables: async_sessionmaker[AsyncSession],
) -> AsyncIterator[Harness]:
    """The channel wired as `jamsos serve` wires it, its webhook reached in process."""
    fake, base_url = graph
    configured = whatsapp_settings(settings, base_url)
    channel = build_whatsapp(configured, runtime, clock=clock)
    assert channel is not None
    transport = httpx.ASGITransport(app=webhook_app(channel))
    async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
        yield Harness(channel, http, fake, clock, clean_tables, configured)
    await channel.client.aclose()
