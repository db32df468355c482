"""The inbox and the queue on PostgreSQL: concurrent webhooks keep an event once, concurrent
consumers take disjoint events (SKIP LOCKED), one user's events one at a time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import Contact, InboxEvent, MessageState, OutboundMessage
from backend.reachability import InMemoryReachability
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.delivery import Delivery
from bot.whatsapp.inbox import Inbox
from bot.whatsapp.payloads import WebhookPayload
from bot.whatsapp.render import Outgoing
from bot.whatsapp.window import Templates
from tests.backend.db import conftest as db_fixtures
from tests.bot.whatsapp.support import new_number, payload
from tests.conftest import TODAY_MOMENT
from tests.factories import ManualClock

postgres_server = db_fixtures.postgres_server
shared_postgres_url = db_fixtures.shared_postgres_url
postgres_sessions = db_fixtures.postgres_sessions

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg(
    postgres_sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The session's PostgreSQL database, WhatsApp tables emptied."""
    async with postgres_sessions.begin() as session:
        for table in (InboxEvent, OutboundMessage, Contact):
            await session.execute(delete(table))
    yield postgres_sessions


def events_of(*bodies: dict[str, object]) -> list[object]:
    return [event for body in bodies for event in WebhookPayload.model_validate(body).events()]


async def test_concurrent_redeliveries_keep_one_event(
    pg: async_sessionmaker[AsyncSession],
) -> None:
    clock = ManualClock(TODAY_MOMENT)
    inbox = Inbox(sessions=pg, clock=clock.now)
    body = payload("text", wa_id=new_number(), at=clock.now())
    events = WebhookPayload.model_validate(body).events()
    batch = list(events)
    added = await asyncio.gather(*(inbox.add(batch) for _ in range(8)))
    assert sum(added) == 1
    async with pg() as session:
        assert await session.scalar(select(func.count()).select_from(InboxEvent)) == 1


async def test_concurrent_consumers_take_disjoint_events_one_per_user(
    pg: async_sessionmaker[AsyncSession],
) -> None:
    clock = ManualClock(TODAY_MOMENT)
    inbox = Inbox(sessions=pg, clock=clock.now)
    users = [new_number() for _ in range(6)]
    for user in users:
        for text in ("satu", "dua"):
            body = payload("text", wa_id=user, text=text, at=clock.now())
            await inbox.add(list(WebhookPayload.model_validate(body).events()))
    first, second = await asyncio.gather(inbox.claim(4), inbox.claim(4))
    taken = [row.id for row in first + second]
    assert len(taken) == len(set(taken)) == 6  # disjoint, and each user's first only
    assert sorted(row.wa_id for row in first + second) == sorted(users)
    assert all(json.dumps(row.payload).count("satu") == 1 for row in first + second)
    assert await inbox.claim(10) == []  # the second messages wait behind the first


async def test_the_queue_leases_each_message_to_one_sender(
    pg: async_sessionmaker[AsyncSession],
) -> None:
    clock = ManualClock(TODAY_MOMENT)
    sent: list[str] = []

    def graph(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content)["text"]["body"])
        return httpx.Response(200, json={"messages": [{"id": f"wamid.{len(sent)}"}]})

    client = WhatsAppClient(token="t", phone_number_id="1", transport=httpx.MockTransport(graph))
    delivery = Delivery(
        sessions=pg,
        client=client,
        reachability=InMemoryReachability(),
        templates=Templates(),
        clock=clock.now,
    )
    user = new_number()
    await delivery.note_inbound(user, clock.now())
    async with pg.begin() as session:
        messages = [Outgoing(kind="text", text=str(i)) for i in range(5)]
        await delivery.enqueue(
            session, wa_id=user, kind="reply", language="id", messages=messages, dedupe_key="k"
        )
        again = await delivery.enqueue(
            session, wa_id=user, kind="reply", language="id", messages=messages, dedupe_key="k"
        )
    assert again == 0
    await asyncio.gather(*(delivery.flush(user) for _ in range(4)), delivery.sweep())
    await delivery.sweep()
    await client.aclose()
    assert sent == ["0", "1", "2", "3", "4"]
    async with pg() as session:
        states = (
            await session.scalars(
                select(OutboundMessage.state).where(OutboundMessage.wa_id == user)
            )
        ).all()
    assert set(states) == {MessageState.SENT}
    long_key = "claim:" + "x" * 300  # longer than the column: kept by its digest
    for expected in (1, 0):
        async with pg.begin() as session:
            added = await delivery.enqueue(
                session,
                wa_id=new_number(),
                kind="claim.paid",
                language="en",
                messages=[Outgoing(kind="text", text="paid")],
                dedupe_key=long_key,
            )
        assert added == expected
