"""Who answers a chat, end to end through the REST channel: the bot, or the officer who took it.

Run on the embedded default (the database is asked) and with Redis (the owner marks of
`backend.ownership`): the worker sees the same either way.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.db import make_engine, make_sessionmaker
from backend.db.officers import Officer
from backend.db.tickets import Ticket
from backend.officers.tickets import hand_back, take_over
from backend.ownership import ChatOwners, RedisOwners
from bot.wiring import build_app
from tests.conftest import IN_CI, TODAY_MOMENT, fixed_clock, redis_url
from tests.factories import new_user

WEBHOOK = "/webhooks/rest/webhook"


@dataclass
class Chat:
    http: httpx.AsyncClient
    app: FastAPI
    sessions: async_sessionmaker[AsyncSession]

    @property
    def owners(self) -> ChatOwners:
        owners: ChatOwners = self.app.state.owners
        return owners

    async def say(self, sender: str, text: str) -> str:
        response = await self.http.post(WEBHOOK, json={"sender": sender, "message": text})
        assert response.status_code == 200, response.text
        replies: list[dict[str, Any]] = response.json()
        return "\n".join(reply["text"] for reply in replies)


@pytest.fixture(params=["database", "redis"])
async def chat(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[Chat]:
    if request.param == "redis":
        await _require_redis()
        settings = settings.model_copy(update={"redis_url": redis_url()})
    app = build_app(settings, clock=fixed_clock())
    assert isinstance(app.state.owners, RedisOwners) == (request.param == "redis")
    engine = make_engine(settings.database_url)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        yield Chat(http, app, make_sessionmaker(engine))
    await engine.dispose()


async def _require_redis() -> None:
    """Required under CI, skipped elsewhere when absent (as the `redis_client` fixture)."""
    client = Redis.from_url(redis_url())
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        if IN_CI:
            pytest.fail(f"CI=true but Redis at {redis_url()} can't be reached: {error}")
        pytest.skip(f"Redis at {redis_url()} can't be reached")
    finally:
        await client.aclose()


def sender() -> str:
    # Random too: with Redis, conversations of earlier test runs are still there.
    return f"{new_user()}-{secrets.token_hex(4)}"


async def _ticket_and_officer(chat: Chat, user: str) -> tuple[str, Officer]:
    async with chat.sessions() as session:
        reference = await session.scalar(
            select(Ticket.reference).where(Ticket.channel_user_id == user)
        )
        officer = await session.scalar(select(Officer).limit(1))
    assert reference is not None and officer is not None
    return reference, officer


async def test_an_officer_taking_a_complaint_over_silences_the_bot_until_handed_back(
    chat: Chat,
) -> None:
    user = sender()
    assert "TKT-" in await chat.say(user, "saya mau komplain, pelayanan lambat sekali")
    assert "Rp42.000.000" in await chat.say(user, "apa itu jkm?")  # a complaint: still the bot
    reference, officer = await _ticket_and_officer(chat, user)
    async with chat.sessions.begin() as session:
        await take_over(
            session=session,
            officer=officer,
            reference=reference,
            now=TODAY_MOMENT,
            owners=chat.owners,
        )
    assert await chat.say(user, "apa itu jkm?") == ""
    async with chat.sessions.begin() as session:
        await hand_back(session=session, officer=officer, reference=reference, now=TODAY_MOMENT)
    assert "Rp42.000.000" in await chat.say(user, "apa itu jkm?")
    assert "Rp42.000.000" in await chat.say(user, "apa itu jkm?")


async def test_asking_for_a_person_silences_the_bot_at_once(chat: Chat) -> None:
    user, other = sender(), sender()
    assert "TKT-" in await chat.say(user, "saya mau bicara dengan petugas, bukan robot")
    assert await chat.say(user, "halo, ada orang?") == ""
    assert "Rp42.000.000" in await chat.say(other, "apa itu jkm?")
