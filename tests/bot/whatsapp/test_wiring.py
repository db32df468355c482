"""WhatsApp inside `jamsos serve`: off unless configured, refused half configured, and the
consumer answering in the background of the app."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from bot.whatsapp.channel import whatsapp_config
from bot.whatsapp.webhook import sign
from bot.wiring import build_app
from tests.bot.whatsapp.fake_graph import FakeGraph
from tests.bot.whatsapp.support import APP_SECRET, new_number, payload, whatsapp_settings
from tests.factories import ManualClock


def test_whatsapp_is_off_without_settings(settings: Settings) -> None:
    assert whatsapp_config(settings) is None
    paths = {getattr(route, "path", None) for route in build_app(settings).routes}
    assert "/webhooks/whatsapp" not in paths


def test_half_configured_is_refused_at_start(settings: Settings) -> None:
    half = settings.model_copy(
        update={"whatsapp_token": SecretStr("t"), "whatsapp_phone_number_id": "1"}
    )
    with pytest.raises(ValueError, match="WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN"):
        whatsapp_config(half)


async def test_jamsos_serve_answers_in_the_background(
    settings: Settings,
    graph: tuple[FakeGraph, str],
    clock: ManualClock,
    clean_tables: async_sessionmaker[AsyncSession],
) -> None:
    fake, base_url = graph
    app = build_app(whatsapp_settings(settings, base_url), clock=clock)
    user = new_number()
    body = payload("text", wa_id=user, text="halo", at=clock.now())
    raw = httpx.Request("POST", "http://x", json=body).content
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
            response = await http.post(
                "/webhooks/whatsapp",
                content=raw,
                headers={"X-Hub-Signature-256": sign(raw, APP_SECRET)},
            )
            assert response.status_code == 200
            for _ in range(100):
                if fake.sent(user):
                    break
                await asyncio.sleep(0.05)
    assert fake.texts(user)
