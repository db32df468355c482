"""A fake Telegram Bot API server (FastAPI, served on 127.0.0.1) that records every call.

It answers what the channel uses, in the Bot API's shapes: getMe, sendMessage, sendPhoto,
sendDocument, answerCallbackQuery, getFile and the file download, setMyCommands,
setWebhook, deleteWebhook and getUpdates (from a queue). `fail_next` makes the next call of
a method fail as Telegram does: 429 with `parameters.retry_after`, or 403 for a user who
blocked the bot. PTB posts form fields (multipart with files); JSON-valued fields
(`reply_markup`, `allowed_updates`, `commands`) are decoded back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from tests.servers import serve_in_thread

TOKEN = "123456:TEST-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Jamsos",
    "username": "jamsos_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "link_preview_options"}


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = 0.0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """The inline keyboard's (title, callback_data), row by row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (b["text"], b["callback_data"])
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]


class FakeBotApi:
    """The fake server's state: calls made, files to serve, updates to hand out, failures."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1000)
        self.app = self._build()

    # --- what tests use -------------------------------------------------------------------

    def fail_next(self, method: str, status: int, description: str, **parameters: Any) -> None:
        """Make the next call of `method` fail with this status (and `parameters`)."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        with self._lock:
            self._failures.setdefault(method, []).append((status, body))

    def rate_limit_next(self, method: str = "sendMessage", retry_after: int = 1) -> None:
        """The next `method` call gets 429 with `retry_after`."""
        self.fail_next(
            method,
            429,
            f"Too Many Requests: retry after {retry_after}",
            retry_after=retry_after,
        )

    def block_next(self, method: str = "sendMessage") -> None:
        """The next `method` call gets 403: the user blocked the bot."""
        self.fail_next(method, 403, "Forbidden: bot was blocked by the user")

    def of(self, *methods: str) -> list[Call]:
        """Return the calls of these methods, in order."""
        return [call for call in list(self.calls) if call.method in methods]

    def sent(self) -> list[Call]:
        """Return the messages sent (text, photos, documents)."""
        return self.of("sendMessage", "sendPhoto", "sendDocument")

    def texts(self) -> list[str]:
        """Return the text (or caption) of every message sent."""
        return [str(c.params.get("text") or c.params.get("caption") or "") for c in self.sent()]

    def add_file(self, file_id: str, data: bytes) -> None:
        """Serve `data` for `file_id` through getFile and the file download."""
        self.files[file_id] = data

    def reset(self) -> None:
        """Forget the calls made so far, pending failures and queued updates."""
        with self._lock:
            self.calls.clear()
            self._failures.clear()
            self.updates.clear()

    # --- the server ------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/bot{token}/{method}")
        async def method(token: str, method: str, request: Request) -> Response:
            if token != self.token:
                return JSONResponse(
                    {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
                )
            params, files = await _read(request)
            self.calls.append(Call(method, params, files, time.monotonic()))
            with self._lock:
                failures = self._failures.get(method)
                failure = failures.pop(0) if failures else None
            if failure is not None:
                return JSONResponse(failure[1], status_code=failure[0])
            if method == "getUpdates":
                return await self._get_updates()
            return JSONResponse({"ok": True, "result": self._result(method, params)})

        @app.get("/file/bot{token}/{path:path}")
        async def download(token: str, path: str) -> Response:
            file_id = path.rsplit("/", 1)[-1]
            if token != self.token or file_id not in self.files:
                return Response(status_code=404)
            return Response(self.files[file_id], media_type="application/octet-stream")

        return app

    async def _get_updates(self) -> Response:
        with self._lock:
            batch, self.updates = self.updates, []
        if not batch:
            await asyncio.sleep(0.05)  # a short long poll
        return JSONResponse({"ok": True, "result": batch})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in {"sendMessage", "sendPhoto", "sendDocument"}:
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
            }
            if "text" in params:
                message["text"] = params["text"]
            return message
        if method == "getFile":
            file_id = str(params["file_id"])
            data = self.files.get(file_id, b"")
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(data),
                "file_path": f"files/{file_id}",
            }
        return True


async def _read(request: Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    content_type = request.headers.get("content-type", "")
    if "json" in content_type:
        body = await request.json()
        return (body if isinstance(body, dict) else {}), files
    if not content_type:
        return params, files
    async with request.form() as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[key] = await value.read()
            elif key in JSON_FIELDS:
                params[key] = json.loads(value)
            else:
                params[key] = value
    return params, files


@contextmanager
def running_fake_bot_api() -> Iterator[tuple[FakeBotApi, str]]:
    """Serve a fresh fake Bot API on 127.0.0.1; yield it and its root URL."""
    fake = FakeBotApi()
    with serve_in_thread(fake.app) as url:
        yield fake, url
