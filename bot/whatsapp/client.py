"""A thin client of the WhatsApp Cloud API (Graph API) over httpx: ours, not pywa (library-fit §2).

Every send is a `POST {base}/{phone_number_id}/messages` with a bearer token and returns
the new message's id (`wamid...`). A Graph API error becomes the `WhatsAppError` subclass
of its code (`errors.py`); a timeout or connection error becomes `TemporaryFailure`.

The base URL and the transport are injectable, so tests point the client at a fake Graph
API on 127.0.0.1 (or an `httpx.MockTransport`). Media URLs handed out by `get_media_url`
are fetched with the same bearer token, as WhatsApp requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from bot.whatsapp.errors import MediaError, TemporaryFailure, WhatsAppError

DEFAULT_BASE_URL = "https://graph.facebook.com/v22.0"
MAX_TEXT = 4096
MAX_BODY = 1024
"""An interactive message's body, and a caption, may have at most this many characters."""
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256
MAX_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_ROW_ID = 200
MAX_LIST_BUTTON = 20


@dataclass(frozen=True, slots=True)
class ReplyButton:
    """A reply button: `id` comes back when tapped, `title` is shown (≤ 20 characters)."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class ListRow:
    """A row of a list message: `id` comes back, `title` ≤ 24, `description` ≤ 72 characters."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """Where to download a user's media, and what WhatsApp says it is."""

    url: str
    mime_type: str | None
    file_size: int | None
    sha256: str | None


class WhatsAppClient:
    """Sends messages and fetches media for one business phone number."""

    def __init__(
        self,
        *,
        token: str,
        phone_number_id: str,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
    ) -> None:
        self._phone_number_id = phone_number_id
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            transport=transport,
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"},
        )

    @property
    def http(self) -> httpx.AsyncClient:
        """The underlying HTTP client (closed by `aclose`)."""
        return self._http

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    # --- sending -------------------------------------------------------------------------

    async def send_text(self, to: str, text: str, *, preview_url: bool = False) -> str:
        """Send a text of at most 4,096 characters; return its message id."""
        _check(0 < len(text) <= MAX_TEXT, f"a text has 1 to {MAX_TEXT} characters")
        return await self._send(to, "text", {"body": text, "preview_url": preview_url})

    async def send_buttons(self, to: str, body: str, buttons: Sequence[ReplyButton]) -> str:
        """Send up to 3 reply buttons (titles ≤ 20 characters) under a body ≤ 1,024."""
        _check(0 < len(body) <= MAX_BODY, f"a body has 1 to {MAX_BODY} characters")
        _check(0 < len(buttons) <= MAX_BUTTONS, f"1 to {MAX_BUTTONS} reply buttons")
        for button in buttons:
            _check(0 < len(button.title) <= MAX_BUTTON_TITLE, "button titles ≤ 20 characters")
            _check(0 < len(button.id) <= MAX_BUTTON_ID, "button ids ≤ 256 characters")
        _check(len({b.id for b in buttons}) == len(buttons), "button ids must differ")
        interactive = {
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in buttons
                ]
            },
        }
        return await self._send(to, "interactive", interactive)

    async def send_list(
        self,
        to: str,
        body: str,
        button: str,
        rows: Sequence[ListRow],
        *,
        section_title: str | None = None,
    ) -> str:
        """Send a list message: `button` (≤ 20) opens up to 10 rows (titles ≤ 24)."""
        _check(0 < len(body) <= MAX_BODY, f"a body has 1 to {MAX_BODY} characters")
        _check(0 < len(button) <= MAX_LIST_BUTTON, "the list button ≤ 20 characters")
        _check(0 < len(rows) <= MAX_ROWS, f"1 to {MAX_ROWS} rows")
        for row in rows:
            _check(0 < len(row.title) <= MAX_ROW_TITLE, "row titles ≤ 24 characters")
            _check(0 < len(row.id) <= MAX_ROW_ID, "row ids ≤ 200 characters")
            _check(
                row.description is None or len(row.description) <= MAX_ROW_DESCRIPTION,
                "row descriptions ≤ 72 characters",
            )
        _check(len({r.id for r in rows}) == len(rows), "row ids must differ")
        section: dict[str, Any] = {
            "rows": [
                {"id": r.id, "title": r.title}
                | ({"description": r.description} if r.description else {})
                for r in rows
            ]
        }
        if section_title:
            section["title"] = section_title
        interactive = {
            "type": "list",
            "body": {"text": body},
            "action": {"button": button, "sections": [section]},
        }
        return await self._send(to, "interactive", interactive)

    async def send_image(
        self,
        to: str,
        *,
        link: str | None = None,
        media_id: str | None = None,
        caption: str | None = None,
    ) -> str:
        """Send an image by public `link` or uploaded `media_id`, with an optional caption."""
        return await self._send(to, "image", _media(link, media_id, caption=caption))

    async def send_document(
        self,
        to: str,
        *,
        link: str | None = None,
        media_id: str | None = None,
        filename: str | None = None,
        caption: str | None = None,
    ) -> str:
        """Send a document by public `link` or uploaded `media_id`."""
        return await self._send(
            to, "document", _media(link, media_id, caption=caption, filename=filename)
        )

    async def send_template(
        self, to: str, name: str, language: str, params: Sequence[str] = ()
    ) -> str:
        """Send an approved template in a language (`id`, `en`), body parameters in order."""
        template: dict[str, Any] = {"name": name, "language": {"code": language}}
        if params:
            template["components"] = [
                {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
            ]
        return await self._send(to, "template", template)

    async def mark_read(self, message_id: str) -> None:
        """Mark a user's message as read (the blue ticks)."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        await self._call("POST", f"{self._phone_number_id}/messages", json=body)

    # --- media ---------------------------------------------------------------------------

    async def upload_media(self, data: bytes, mime_type: str, filename: str) -> str:
        """Upload a file to send (by the returned media id) in a later message."""
        answer = await self._call(
            "POST",
            f"{self._phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename, data, mime_type)},
        )
        return str(answer["id"])

    async def get_media_url(self, media_id: str) -> MediaInfo:
        """Return where a user's media can be downloaded (the URL lasts about 5 minutes)."""
        answer = await self._call("GET", media_id)
        size = answer.get("file_size")
        return MediaInfo(
            url=str(answer["url"]),
            mime_type=answer.get("mime_type"),
            file_size=int(size) if size is not None and str(size).isdigit() else None,
            sha256=answer.get("sha256"),
        )

    async def download_media(self, url: str, *, max_bytes: int) -> bytes | None:
        """Download media from a URL of `get_media_url`; None when over `max_bytes`."""
        try:
            async with self._http.stream("GET", url) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise _error_of(response)
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        return None
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as error:
            raise TemporaryFailure(f"{type(error).__name__} downloading media") from error

    # --- plumbing ------------------------------------------------------------------------

    async def _send(self, to: str, kind: str, content: dict[str, Any]) -> str:
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": kind,
            kind: content,
        }
        answer = await self._call("POST", f"{self._phone_number_id}/messages", json=body)
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise TemporaryFailure("the Graph API answered without a message id") from error

    async def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        try:
            response = await self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            raise TemporaryFailure(f"{type(error).__name__} calling the Graph API") from error
        if response.status_code >= 400:
            raise _error_of(response)
        try:
            answer = response.json()
        except ValueError as error:
            raise TemporaryFailure("the Graph API answered something that is not JSON") from error
        if not isinstance(answer, dict):
            raise TemporaryFailure("the Graph API answered something that is not an object")
        return answer


def _error_of(response: httpx.Response) -> WhatsAppError:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        return WhatsAppError.from_dict(error, status=response.status_code)
    if response.status_code >= 500 or response.status_code == 429:
        return TemporaryFailure(f"HTTP {response.status_code}", status=response.status_code)
    if response.status_code == 404:
        return MediaError("not found", status=404)
    return WhatsAppError(f"HTTP {response.status_code}", status=response.status_code)


def _media(
    link: str | None, media_id: str | None, *, caption: str | None, filename: str | None = None
) -> dict[str, Any]:
    _check((link is None) != (media_id is None), "give a link or a media id, not both")
    content: dict[str, Any] = {"link": link} if link is not None else {"id": media_id}
    if caption:
        _check(len(caption) <= MAX_BODY, f"a caption has at most {MAX_BODY} characters")
        content["caption"] = caption
    if filename:
        content["filename"] = filename
    return content


def _check(condition: bool, rule: str) -> None:
    if not condition:
        raise ValueError(f"WhatsApp refuses this: {rule}")
