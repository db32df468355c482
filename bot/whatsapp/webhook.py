"""The webhook: Meta's verification (GET) and the events (POST), at `/webhooks/whatsapp`.

- `GET` answers `hub.challenge` when `hub.mode` is `subscribe` and `hub.verify_token` is
  ours (compared in constant time); anything else is refused (403).
- `POST` checks `X-Hub-Signature-256` (`sha256=` and the HMAC-SHA256 of the raw body with
  the app secret, compared in constant time) **before** anything is parsed: a missing or
  wrong signature is refused (403), unlike pywa's 422 for a missing header. Then the events
  are written to the inbox and the call is answered 200 at once; the consumer answers the
  users after (`consumer.py`). With no app secret configured the channel is not built at
  all: the signature check can't be switched off.

The checks are plain functions (`verify_challenge`, `verify_signature`), so they are tested
and reused without a web framework.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from backend.api.body import read_json_body
from backend.errors import WebhookRefused
from bot.whatsapp.inbox import Inbox
from bot.whatsapp.payloads import WebhookPayload

CHANNEL = "whatsapp"
PATH = "/webhooks/whatsapp"
SIGNATURE_PREFIX = "sha256="
MAX_BODY_BYTES = 3 * 1024 * 1024
"""Meta's calls are a few kilobytes; a body larger than this is not read."""
MAX_CHALLENGE = 256


def verify_signature(body: bytes, header: str | None, app_secret: str) -> bool:
    """Tell whether `header` is `sha256=` and the HMAC-SHA256 of `body` with the secret."""
    if not header or not app_secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    given = header[len(SIGNATURE_PREFIX) :].strip().lower()
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def sign(body: bytes, app_secret: str) -> str:
    """Return the `X-Hub-Signature-256` value Meta sends with `body` (for tests and tools)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verify_challenge(
    mode: str | None, token: str | None, challenge: str | None, verify_token: str
) -> str | None:
    """Return the challenge to echo when the verification request is right, else None."""
    if mode != "subscribe" or token is None or challenge is None or not verify_token:
        return None
    if not challenge or len(challenge) > MAX_CHALLENGE:
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return challenge


def make_router(
    *,
    inbox: Inbox,
    app_secret: str,
    verify_token: str,
    on_kept: Callable[[], None] = lambda: None,
) -> APIRouter:
    """Return the webhook's routes; `on_kept` is called when new events were kept."""
    router = APIRouter(tags=["channels"])

    @router.get(PATH, response_class=PlainTextResponse)
    async def whatsapp_verify(request: Request) -> str:
        """Answer Meta's verification request with its challenge."""
        query = request.query_params
        challenge = verify_challenge(
            query.get("hub.mode"),
            query.get("hub.verify_token"),
            query.get("hub.challenge"),
            verify_token,
        )
        if challenge is None:
            raise WebhookRefused(CHANNEL)
        return challenge

    @router.post(PATH)
    async def whatsapp_webhook(request: Request) -> dict[str, str]:
        """Check the signature, keep the events, answer at once."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise WebhookRefused(CHANNEL)
        body = await request.body()
        signature = request.headers.get("x-hub-signature-256")
        if len(body) > MAX_BODY_BYTES or not verify_signature(body, signature, app_secret):
            raise WebhookRefused(CHANNEL)
        payload = await read_json_body(request, WebhookPayload)
        if await inbox.add(list(payload.events())):
            on_kept()
        return {"status": "ok"}

    return router
