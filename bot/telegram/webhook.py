"""POST /webhooks/telegram: Telegram's updates, inside the one ASGI app.

The `X-Telegram-Bot-Api-Secret-Token` header is compared with the configured secret in
constant time before the body is even read; a missing or wrong one is `WebhookRefused`
(403, mapped in `backend.api.problems`). Without a configured secret every request is
refused. The update is then processed before the answer (`Application.process_update`):
Telegram sends a chat's updates one at a time and redelivers on an error, and the dedupe
in `handlers.TelegramHandlers.once` keeps a redelivery from being answered twice.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel
from telegram import Update

from backend.errors import InvalidInput, WebhookRefused
from bot.telegram.application import TelegramApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

router = APIRouter(tags=["channels"])


class Accepted(BaseModel):
    """The update was taken."""

    ok: bool = True


class TelegramWebhook:
    """Checks a webhook request's secret and hands its update to the PTB Application."""

    def __init__(self, application: TelegramApplication, secret: str | None) -> None:
        self.application = application
        self._secret = secret.encode() if secret else None

    def accepts(self, token: str | None) -> bool:
        """Whether the request's secret token is ours (compared in constant time)."""
        if self._secret is None or token is None:
            return False
        return hmac.compare_digest(token.encode(), self._secret)

    async def receive(self, body: bytes) -> None:
        """Parse the update and process it (InvalidInput when it is no update)."""
        try:
            data: Any = json.loads(body)
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise InvalidInput("body", "not a Telegram update") from error
        await self.application.process_update(update)


@router.post(
    "/webhooks/telegram",
    response_model=Accepted,
    responses={403: {"description": "Missing or wrong secret token."}},
)
async def telegram_webhook(
    request: Request,
    secret: Annotated[str | None, Header(alias=SECRET_HEADER)] = None,
) -> Accepted:
    """Take one update from Telegram (set up with `jamsos telegram set-webhook`)."""
    webhook: TelegramWebhook = request.app.state.telegram
    if not webhook.accepts(secret):
        raise WebhookRefused("telegram")
    await webhook.receive(await request.body())
    return Accepted()
