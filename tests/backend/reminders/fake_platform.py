"""A fake messaging platform on 127.0.0.1 that takes the REST channel's callbacks.

It keeps one message per `Idempotency-Key` (a repeat is answered 200 as the first was, and
counted as a repeat, not delivered again), counts every request, and can answer slowly (so a
worker killed mid-send has sends in flight) or limit its rate (429 with `retry_after`).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class FakePlatform:
    """What the platform saw: deliveries by key, every request, repeats."""

    delay: float = 0.0
    delivered: dict[str, str] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def repeats(self) -> int:
        """Requests that carried a key already delivered."""
        return sum(self.requests.values()) - len(self.requests)

    def app(self) -> FastAPI:
        """The ASGI app: `POST /callback`."""
        app = FastAPI()

        @app.post("/callback")
        async def callback(request: Request) -> JSONResponse:
            body = await request.json()
            key = request.headers.get("Idempotency-Key", "")
            if self.delay:
                await asyncio.sleep(self.delay)
            with self._lock:
                self.requests[key] += 1
                self.delivered.setdefault(key, str(body.get("recipient_id")))
            return JSONResponse({"ok": True, "at": time.time()})

        return app
