"""The load generator: sends chat messages to `jamsos serve` and times each request.

    python load.py --port P --mode rest|telegram|healthz --messages FILE [options]

Runs in its own process (started by run.py). `--concurrency` keep-alive HTTP/1.1 connections
(raw asyncio streams: an HTTP client library would take a good part of the two cores the
server needs) each send one request at a time, the next as soon as the answer is read (a
closed loop). Message `n` comes from sender `n % --users` and carries the text
`messages[n % len(messages)]`:

- `rest`: `POST /webhooks/rest/webhook` with `{"sender", "message", "metadata": {language}}`;
- `telegram`: `POST /webhooks/telegram` with a private text message in the shape Telegram
  sends (unique `update_id`, `from`, `chat`, `language_code`) and the secret header;
- `healthz`: `GET /healthz`, the same server's no-op endpoint.

The first `--warmup` requests are not timed; then at most `--count` requests or `--duration`
seconds. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_UPDATE_ID = 700_000_000
FIRST_USER_ID = 5_000_000_000


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (sorted), in the same unit."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(share * len(values) + 0.5)))
    return values[rank - 1]


class Requests:
    """Builds request `n` of a mode as raw bytes."""

    def __init__(self, args: argparse.Namespace, messages: list[dict[str, str]]) -> None:
        self.mode = args.mode
        self.users = args.users
        self.secret = args.secret
        self.messages = messages
        self.host = f"127.0.0.1:{args.port}"

    def __call__(self, n: int) -> bytes:
        if self.mode == "healthz":
            return f"GET /healthz HTTP/1.1\r\nhost: {self.host}\r\n\r\n".encode()
        user = n % self.users
        message = self.messages[n % len(self.messages)]
        if self.mode == "rest":
            path, extra = "/webhooks/rest/webhook", ""
            body: dict[str, Any] = {
                "sender": f"bench-{user}",
                "message": message["text"],
                "metadata": {"language": message["language"]},
            }
        else:
            path, extra = "/webhooks/telegram", f"{SECRET_HEADER}: {self.secret}\r\n"
            sender = {"id": FIRST_USER_ID + user, "first_name": f"Pekerja {user}"}
            body = {
                "update_id": FIRST_UPDATE_ID + n,
                "message": {
                    "message_id": n + 1,
                    "from": {**sender, "is_bot": False, "language_code": message["language"]},
                    "chat": {**sender, "type": "private"},
                    "date": int(time.time()),
                    "text": message["text"],
                },
            }
        data = json.dumps(body, ensure_ascii=False).encode()
        return (
            f"POST {path} HTTP/1.1\r\nhost: {self.host}\r\ncontent-type: application/json\r\n"
            f"{extra}content-length: {len(data)}\r\n\r\n"
        ).encode() + data


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """Send one request on the connection and read its answer (Content-Length bodies)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    body = await reader.readexactly(length) if length else b""
    return status, body


async def run(args: argparse.Namespace, messages: list[dict[str, str]]) -> dict[str, Any]:
    build = Requests(args, messages)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = 0
    total = args.warmup + args.count

    state = {"started": 0.0}

    def more() -> bool:
        started = state["started"]
        return counter < total and not (started and time.perf_counter() - started > args.duration)

    async def connection() -> None:
        nonlocal counter
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
        try:
            while more():
                n = counter
                counter += 1
                request = build(n)
                started = time.perf_counter()
                try:
                    status, body = await exchange(reader, writer, request)
                except (OSError, asyncio.IncompleteReadError) as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
                    continue
                elapsed = time.perf_counter() - started
                if status != 200 or (args.mode == "rest" and not body.startswith(b"[")):
                    errors[str(status)] = errors.get(str(status), 0) + 1
                elif n >= args.warmup:
                    latencies.append(elapsed)
        finally:
            writer.close()

    async def timed() -> None:
        # The clock starts when the warm-up requests are all sent: close enough at this rate.
        while counter < args.warmup:  # noqa: ASYNC110 (polled: the senders stay simple)
            await asyncio.sleep(0.001)
        state["started"] = time.perf_counter()

    clock = asyncio.create_task(timed())
    await asyncio.gather(*(connection() for _ in range(args.concurrency)))
    finished = time.perf_counter()
    await clock
    seconds = finished - state["started"]
    latencies.sort()
    return {
        "mode": args.mode,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(seconds, 3),
        "per_second": round(len(latencies) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p90_ms": round(percentile(latencies, 0.90) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "concurrency": args.concurrency,
        "users": args.users,
        "warmup": args.warmup,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["rest", "telegram", "healthz"], required=True)
    parser.add_argument("--messages", required=True, help="JSON list of {text, language}")
    parser.add_argument("--secret", default="")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds, at most")
    arguments = parser.parse_args()
    with open(arguments.messages, encoding="utf-8") as file:
        json.dump(asyncio.run(run(arguments, json.load(file))), sys.stdout)
    print()
