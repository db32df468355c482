"""A fake Telegram Bot API for the reminders benchmark: R messages a second, 429 above it.

    python benchmarks/reminders/fake_telegram.py --port P --rate R [--burst B]

Answers `getMe` and `sendMessage` as Telegram does. Sending is limited by a token bucket of
`--burst` messages (default: one second's worth) refilled at `--rate` a second; a message
over the limit gets Telegram's 429, `{"ok": false, "error_code": 429, "parameters":
{"retry_after": N}}`, N whole seconds until a token is free (at least 1), and is not
delivered. `GET /stats` tells what was delivered: per chat, first and last times (this
process's monotonic clock), and the 429s given.
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT = {"id": 123456, "is_bot": True, "first_name": "Jamsos", "username": "jamsos_bench_bot"}


class Platform:
    """The fake's state: the bucket, the deliveries, the refusals."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.refilled = time.monotonic()
        self.by_chat: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None
        self.refused = 0
        self.ids = itertools.count(1)

    def take(self) -> float | None:
        """Take a token; None when taken, else the seconds until one is free."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return (1 - self.tokens) / self.rate

    async def method(self, request: Request) -> JSONResponse:
        name = request.path_params["method"]
        if name == "getMe":
            return JSONResponse({"ok": True, "result": BOT})
        if name != "sendMessage":
            return JSONResponse({"ok": True, "result": True})
        form = await request.form()
        params: dict[str, Any] = dict(form)
        wait = self.take()
        if wait is not None:
            self.refused += 1
            retry_after = max(1, math.ceil(wait))
            return JSONResponse(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status_code=429,
            )
        now = time.monotonic()
        chat = str(params["chat_id"])
        self.by_chat[chat] += 1
        self.first = now if self.first is None else self.first
        self.last = now
        message = {
            "message_id": next(self.ids),
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "private"},
            "from": BOT,
            "text": str(params.get("text", "")),
        }
        return JSONResponse({"ok": True, "result": message})

    async def stats(self, request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "delivered": sum(self.by_chat.values()),
                "chats": len(self.by_chat),
                "duplicates": sum(n - 1 for n in self.by_chat.values() if n > 1),
                "first": self.first,
                "last": self.last,
                "refused_429": self.refused,
                "now": time.monotonic(),
            }
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self.method, methods=["POST"]),
                Route("/stats", self.stats, methods=["GET"]),
            ]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--burst", type=float, default=None)
    args = parser.parse_args()
    platform = Platform(args.rate, args.burst or args.rate)
    uvicorn.run(
        platform.app(), host="127.0.0.1", port=args.port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main()
