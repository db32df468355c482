"""A fake WhatsApp Cloud API (Graph API): records every call, answers as the real one does.

- `POST /{version}/{phone_number_id}/messages`: a message (answered with a new `wamid`) or a
  read receipt (`{"success": true}`); `fail_next(to, code)` makes the next sends to that
  number fail with a Graph API error of that code.
- `POST /{version}/{phone_number_id}/media`: an upload, answered with a media id.
- `GET /{version}/{media_id}`: where to download a user's media (a URL on this server);
  `GET /media-bin/{media_id}`: the bytes, with the bearer token required.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

TOKEN = "test-token"
PHONE_NUMBER_ID = "1122334455667"

MESSAGES = {
    131047: "Re-engagement message",
    131026: "Message undeliverable",
    130429: "Rate limit hit",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    131051: "Unsupported message type",
    132001: "Template name does not exist in the translation",
    190: "Access token has expired",
    131009: "Parameter value is not valid",
}


@dataclass
class Call:
    """One request the fake received."""

    method: str
    path: str
    authorization: str | None
    body: Any = None


@dataclass
class FakeGraph:
    """The fake's state: what it was asked, what it will answer."""

    calls: list[Call] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    failures: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    broken_media: set[str] = field(default_factory=set)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, to: str, code: int, *, status: int = 400, times: int = 1) -> None:
        """Make the next `times` sends to `to` fail with this Graph API error code."""
        self.failures.setdefault(to, []).extend([(code, status)] * times)

    def add_media(self, media_id: str, data: bytes, mime_type: str) -> None:
        """Have a user's media ready for download."""
        self.media[media_id] = (data, mime_type)

    def sent(self, to: str | None = None) -> list[dict[str, Any]]:
        """Return the messages sent (not read receipts), to one number or all."""
        return [
            call.body
            for call in self.calls
            if call.path.endswith("/messages")
            and isinstance(call.body, dict)
            and "to" in call.body
            and (to is None or call.body["to"] == to)
        ]

    def texts(self, to: str | None = None) -> list[str]:
        """Return the text of each message sent: its body, interactive body or template name."""
        result = []
        for body in self.sent(to):
            kind = body["type"]
            if kind == "text":
                result.append(body["text"]["body"])
            elif kind == "interactive":
                result.append(body["interactive"]["body"]["text"])
            elif kind == "template":
                result.append(f"[template {body['template']['name']}]")
            else:
                result.append(f"[{kind}]")
        return result

    def read_receipts(self) -> list[str]:
        """Return the message ids marked read."""
        return [
            call.body["message_id"]
            for call in self.calls
            if isinstance(call.body, dict) and call.body.get("status") == "read"
        ]

    def next_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}{next(self._ids)}"


def fake_graph_app(fake: FakeGraph) -> FastAPI:
    """Return the ASGI app of the fake Graph API."""
    app = FastAPI()

    def authorized(request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {TOKEN}"

    def error(code: int, status: int) -> JSONResponse:
        return JSONResponse(
            {
                "error": {
                    "message": f"({code}) {MESSAGES.get(code, 'Error')}",
                    "type": "OAuthException",
                    "code": code,
                    "error_data": {"messaging_product": "whatsapp", "details": "fake"},
                    "fbtrace_id": "AbCdEf",
                }
            },
            status_code=status,
        )

    @app.post("/{version}/{phone_number_id}/messages")
    async def messages(version: str, phone_number_id: str, request: Request) -> Response:
        body = await request.json()
        fake.calls.append(
            Call("POST", request.url.path, request.headers.get("authorization"), body)
        )
        if not authorized(request):
            return error(190, 401)
        if phone_number_id != PHONE_NUMBER_ID:
            return error(100, 400)
        if body.get("status") == "read":
            return JSONResponse({"success": True})
        planned = fake.failures.get(body.get("to", ""))
        if planned:
            code, status = planned.pop(0)
            return error(code, status)
        wamid = fake.next_id("wamid.out.")
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": wamid}],
            }
        )

    @app.post("/{version}/{phone_number_id}/media")
    async def upload(version: str, phone_number_id: str, request: Request) -> Response:
        async with request.form() as form:
            upload = form["file"]
            assert not isinstance(upload, str)
            data = await upload.read()
            filename = upload.filename
            mime_type = str(form.get("type"))
        fake.calls.append(
            Call(
                "POST",
                request.url.path,
                request.headers.get("authorization"),
                {"type": mime_type, "size": len(data), "filename": filename},
            )
        )
        media_id = fake.next_id("media.up.")
        fake.media[media_id] = (data, mime_type)
        return JSONResponse({"id": media_id})

    @app.get("/media-bin/{media_id}")
    async def download(media_id: str, request: Request) -> Response:
        fake.calls.append(Call("GET", request.url.path, request.headers.get("authorization")))
        if not authorized(request):
            return Response(status_code=401)
        found = fake.media.get(media_id)
        if found is None:
            return Response(status_code=404)
        return Response(found[0], media_type=found[1])

    @app.get("/{version}/{media_id}")
    async def media_url(version: str, media_id: str, request: Request) -> Response:
        fake.calls.append(Call("GET", request.url.path, request.headers.get("authorization")))
        if not authorized(request):
            return error(190, 401)
        if media_id in fake.broken_media:
            return Response(status_code=503)
        found = fake.media.get(media_id)
        if found is None:
            return error(100, 400)
        data, mime_type = found
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "url": f"{str(request.base_url).rstrip('/')}/media-bin/{media_id}",
                "mime_type": mime_type,
                "sha256": "fake",
                "file_size": str(len(data)),
                "id": media_id,
            }
        )

    return app
