"""The Telegram channel against a fake Bot API on 127.0.0.1, inside the app `jamsos serve` runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import HttpUrl, SecretStr

from backend.config import Settings
from bot.wiring import build_app
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi, running_fake_bot_api
from tests.conftest import fixed_clock

SECRET = "s3cret-Token_for-tests"


@pytest.fixture(scope="session")
def bot_api() -> Iterator[tuple[FakeBotApi, str]]:
    """The fake Bot API server, for the whole session (cleared before each test)."""
    with running_fake_bot_api() as served:
        yield served


@pytest.fixture
def fake(bot_api: tuple[FakeBotApi, str]) -> FakeBotApi:
    """The fake Bot API, with no calls recorded and no failures pending."""
    api, _ = bot_api
    api.reset()
    return api


@pytest.fixture
def telegram_settings(settings: Settings, bot_api: tuple[FakeBotApi, str]) -> Settings:
    """The test settings with Telegram on, pointed at the fake Bot API."""
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_webhook_secret": SecretStr(SECRET),
            "telegram_api_base_url": HttpUrl(bot_api[1]),
            "telegram_max_retries": 2,
        }
    )


@dataclass
class Telegram:
    """The app (lifespan entered) and a client posting updates to its webhook."""

    app: FastAPI
    http: httpx.AsyncClient
    fake: FakeBotApi

    async def send(
        self, update: dict[str, Any], secret: str | bytes | None = SECRET
    ) -> httpx.Response:
        """POST one update to /webhooks/telegram, as Telegram does."""
        headers: list[tuple[bytes, bytes]] = []
        if secret is not None:
            value = secret if isinstance(secret, bytes) else secret.encode()
            headers.append((b"X-Telegram-Bot-Api-Secret-Token", value))
        return await self.http.post("/webhooks/telegram", json=update, headers=headers)

    async def said(self, update: dict[str, Any]) -> list[str]:
        """Send the update (expecting 200); return the texts sent back for it."""
        before = len(self.fake.sent())
        response = await self.send(update)
        assert response.status_code == 200, response.text
        return self.fake.texts()[before:]


@pytest.fixture
async def telegram(telegram_settings: Settings, fake: FakeBotApi) -> AsyncIterator[Telegram]:
    """A fresh app with the Telegram channel (fresh conversations, the fixed clock)."""
    app = build_app(telegram_settings, clock=fixed_clock())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
            yield Telegram(app, http, fake)
