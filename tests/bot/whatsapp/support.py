"""Helpers of the WhatsApp tests: recorded payloads, numbers, the harness around a channel."""

from __future__ import annotations

import itertools
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.problems import install_error_handlers
from backend.config import Settings
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.webhook import sign
from tests.bot.whatsapp.fake_graph import PHONE_NUMBER_ID, TOKEN, FakeGraph
from tests.factories import ManualClock

DATA = Path(__file__).resolve().parents[2] / "data" / "whatsapp"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
_numbers = itertools.count(1)


def new_number() -> str:
    """Return a WhatsApp number (+62, Indonesian) no other test uses."""
    return f"6281{next(_numbers):09d}"


def recorded(name: str) -> dict[str, Any]:
    """Return a recorded payload of `tests/data/whatsapp` as it is in the file."""
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return data


def payload(
    name: str,
    *,
    wa_id: str | None = None,
    message_id: str | None = None,
    at: datetime | None = None,
    text: str | None = None,
    choice: str | None = None,
    media_id: str | None = None,
    status_of: str | None = None,
) -> dict[str, Any]:
    """Return a recorded payload of `tests/data/whatsapp` with these values put in, and a new
    id for each message (so each is new to the inbox)."""
    data = recorded(name)
    value = data["entry"][0]["changes"][0]["value"]
    stamp = str(int(at.timestamp())) if at is not None else None
    for contact in value.get("contacts", []):
        if wa_id:
            contact["wa_id"] = wa_id
    for message in value.get("messages", []):
        if wa_id:
            message["from"] = wa_id
        message["id"] = message_id or f"wamid.in.{secrets.token_hex(8)}"
        if stamp:
            message["timestamp"] = stamp
        if text is not None:
            message["text"]["body"] = text
        if choice is not None:
            chosen = message["interactive"]
            chosen[chosen["type"]]["id"] = choice
        if media_id is not None:
            message[message["type"]]["id"] = media_id
    for status in value.get("statuses", []):
        if wa_id:
            status["recipient_id"] = wa_id
        if status_of:
            status["id"] = status_of
        if stamp:
            status["timestamp"] = stamp
    return data


@dataclass
class Harness:
    """A channel, its webhook, the fake Graph API behind it, and the clock."""

    channel: WhatsAppChannel
    http: httpx.AsyncClient
    graph: FakeGraph
    clock: ManualClock
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings

    async def post(self, body: dict[str, Any], *, secret: str = APP_SECRET) -> httpx.Response:
        """POST a payload to the webhook, signed as Meta signs it."""
        raw = json.dumps(body).encode()
        headers = {"X-Hub-Signature-256": sign(raw, secret), "Content-Type": "application/json"}
        return await self.http.post("/webhooks/whatsapp", content=raw, headers=headers)

    async def say(self, wa_id: str, text: str) -> list[str]:
        """Send a text as the user, process it; return the texts sent back to them."""
        before = len(self.graph.sent(wa_id))
        response = await self.post(payload("text", wa_id=wa_id, text=text, at=self.clock.now()))
        assert response.status_code == 200, response.text
        await self.channel.consumer.run_once()
        return self.graph.texts(wa_id)[before:]


def whatsapp_settings(settings: Settings, base_url: str, **more: Any) -> Settings:
    """The session's settings with WhatsApp configured against the fake."""
    return settings.model_copy(
        update={
            "whatsapp_token": SecretStr(TOKEN),
            "whatsapp_phone_number_id": PHONE_NUMBER_ID,
            "whatsapp_app_secret": SecretStr(APP_SECRET),
            "whatsapp_verify_token": SecretStr(VERIFY_TOKEN),
            "whatsapp_api_base_url": base_url,
            "whatsapp_templates": {"claim": "claim_update", "ticket": "officer_reply"},
            "whatsapp_template_default": "message_waiting",
            **more,
        }
    )


def webhook_app(channel: WhatsAppChannel) -> FastAPI:
    """An app serving only the channel's webhook, with the backend's error answers."""
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(channel.router)
    return app
