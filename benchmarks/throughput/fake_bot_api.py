"""A minimal fake Telegram Bot API for the throughput benchmark: raw HTTP/1.1 on asyncio.

    python benchmarks/throughput/fake_bot_api.py --port PORT --token TOKEN

Answers `POST /bot<token>/<method>` in the Bot API's shapes (getMe; sendMessage, sendPhoto
and sendDocument with a message in the chat posted to; anything else `true`) and counts the
messages sent; `GET /stats` returns the counts as JSON. Keep-alive connections, no framework:
the tests' fake (`tests/bot/telegram/fake_bot_api.py`, FastAPI) would take more of the two
cores than the server it serves. Prints `ready` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections import Counter
from urllib.parse import parse_qs

BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Jamsos",
    "username": "jamsos_bench_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
SENDS = {"sendMessage", "sendPhoto", "sendDocument"}

calls: Counter[str] = Counter()
message_ids = itertools.count(1)


def result(method: str, body: bytes, content_type: str) -> object:
    """The `result` of one Bot API call."""
    if method == "getMe":
        return BOT_USER
    if method not in SENDS:
        return True
    chat_id = 0
    text = ""
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body.decode(), keep_blank_values=True)
        chat_id = int(form.get("chat_id", ["0"])[0])
        text = form.get("text", [""])[0]
    elif content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
        chat_id = int(params.get("chat_id", 0))
        text = str(params.get("text", ""))
    return {
        "message_id": next(message_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Bench"},
        "from": BOT_USER,
        "text": text,
    }


def response(status: int, payload: object) -> bytes:
    data = json.dumps(payload).encode()
    reason = {200: "OK", 404: "Not Found"}.get(status, "Error")
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(data)}\r\n\r\n"
    ).encode() + data


async def serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, token: str
) -> None:
    prefix = f"/bot{token}/"
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            verb, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(length) if length else b""
            if verb == "GET" and target == "/stats":
                writer.write(response(200, dict(calls)))
            elif target.startswith(prefix):
                method = target[len(prefix) :].split("?", 1)[0]
                calls[method] += 1
                payload = result(method, body, headers.get("content-type", ""))
                writer.write(response(200, {"ok": True, "result": payload}))
            else:
                writer.write(response(404, {"ok": False, "error_code": 404}))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(args: argparse.Namespace) -> None:
    server = await asyncio.start_server(
        lambda r, w: serve_connection(r, w, args.token), "127.0.0.1", args.port, backlog=1024
    )
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    asyncio.run(main(parser.parse_args()))
