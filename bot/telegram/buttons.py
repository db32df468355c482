"""Button payloads longer than Telegram's 64-byte `callback_data`, kept by their digest.

Before replies with such buttons are sent, `ButtonPayloads.keep` stores each long payload
under the `callback_data` it is sent as (`render.callback_data`: `#` and its SHA-256); when
the button is pressed, `payload` turns the data back into the payload. The keys are shared by
every process (Redis or the database), so any process may receive the press. A payload is the
same for every user who gets it, so one key serves them all; it is forgotten `ttl` after it
was last stored, and a button older than that answers as a stale one. Each
process remembers which payloads it stored lately, so a busy menu costs no write per reply.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import timedelta

from backend.errors import StorageUnavailable
from backend.expiring import ExpiringKeys
from bot.telegram.render import DIGEST_MARK, long_payloads
from dialogues.messages import Reply

log = logging.getLogger(__name__)

PREFIX = "telegram:button:"
TTL = timedelta(days=30)
STALE = "/stale_button"
"""What a forgotten long button says: no intent, so the engine answers it as stale."""
REMEMBERED_MAX = 10_000


class ButtonPayloads:
    """The long payloads of sent buttons, by their `callback_data`."""

    def __init__(self, keys: ExpiringKeys, *, ttl: timedelta = TTL) -> None:
        self._keys = keys
        self._ttl = ttl
        self._stored: dict[str, float] = {}

    async def keep(self, replies: Iterable[Reply]) -> None:
        """Store the long payloads of these replies' buttons (unless stored lately)."""
        now = time.monotonic()
        fresh = self._ttl.total_seconds() / 2
        for data, payload in long_payloads(replies).items():
            if now - self._stored.get(data, -fresh) < fresh:
                continue
            await self._keys.put(PREFIX + data, self._ttl, payload)
            if len(self._stored) >= REMEMBERED_MAX:
                self._stored.clear()
            self._stored[data] = now

    async def payload(self, data: str) -> str:
        """Return the payload a pressed button stands for (`STALE` when forgotten)."""
        if not data.startswith(DIGEST_MARK):
            return data
        try:
            return await self._keys.get(PREFIX + data) or STALE
        except StorageUnavailable:
            log.warning("a long button's payload can't be read now: answered as stale")
            return STALE
