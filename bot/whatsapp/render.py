"""Replies as WhatsApp allows them: the engine's `Reply` becomes one or more `Outgoing`.

- Text: at most 4,096 characters a message, split between paragraphs, lines or words.
- Buttons: up to 3 as reply buttons (titles ≤ 20 characters), more as a list message
  (≤ 10 rows a list, titles ≤ 24, the full title as the row's description when shortened);
  the body of either is at most 1,024 characters, so a longer text goes first on its own.
- A button's payload is its id (≤ 256 for a button, ≤ 200 for a row) and comes back as the
  user's message; a payload too long for that becomes the title, which the NLU reads.
- Images and documents: a `data:` URL (the digital card) is uploaded when sent, any other
  value is a public link. An image follows its text as a caption when that fits.

Titles are shortened at a word where possible, with "…". Words of the list's button are
translated, so render inside `use_language`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.whatsapp.client import (
    MAX_BODY,
    MAX_BUTTON_ID,
    MAX_BUTTON_TITLE,
    MAX_BUTTONS,
    MAX_LIST_BUTTON,
    MAX_ROW_DESCRIPTION,
    MAX_ROW_ID,
    MAX_ROW_TITLE,
    MAX_ROWS,
    MAX_TEXT,
    ListRow,
    ReplyButton,
    WhatsAppClient,
)
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply

Kind = Literal["text", "buttons", "list", "image", "document", "template"]
ELLIPSIS = "…"


class Choice(BaseModel):
    """A reply button or a list row, ready to send."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    description: str | None = None


class Outgoing(BaseModel):
    """One WhatsApp message to send, kept as JSON until it is sent."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    text: str | None = Field(default=None, description="text, interactive body or caption")
    choices: tuple[Choice, ...] = ()
    list_button: str | None = None
    media: str | None = Field(default=None, description="a public URL or a data: URL")
    filename: str | None = None
    template: str | None = None
    language: str | None = None
    params: tuple[str, ...] = ()


def render(reply: Reply) -> list[Outgoing]:
    """Return the messages that show one reply on WhatsApp."""
    text = reply.text.strip()
    messages: list[Outgoing] = []
    caption_used = False
    if reply.buttons:
        chunks = split_text(text, MAX_TEXT) if text else []
        last = chunks.pop() if chunks else ""
        head, body = cut_tail(last, MAX_BODY)
        messages += [Outgoing(kind="text", text=chunk) for chunk in [*chunks, head] if chunk]
        messages += _choices(body or _("Please choose:"), reply.buttons)
    elif text:
        chunks = split_text(text, MAX_TEXT)
        if reply.image and len(chunks) == 1 and len(chunks[0]) <= MAX_BODY:
            caption_used = True
        else:
            messages += [Outgoing(kind="text", text=chunk) for chunk in chunks]
    if reply.image:
        caption = text if caption_used else None
        messages.append(Outgoing(kind="image", media=reply.image, text=caption))
    if reply.document:
        messages.append(
            Outgoing(kind="document", media=reply.document, filename=_filename(reply.document))
        )
    return messages


def _choices(body: str, buttons: tuple[Button, ...]) -> list[Outgoing]:
    if len(buttons) <= MAX_BUTTONS:
        titles = _unique([shorten(b.title, MAX_BUTTON_TITLE) for b in buttons], MAX_BUTTON_TITLE)
        choices = _unique_ids(
            Choice(id=_id(b, MAX_BUTTON_ID, t), title=t)
            for b, t in zip(buttons, titles, strict=True)
        )
        return [Outgoing(kind="buttons", text=body, choices=choices)]
    lists: list[Outgoing] = []
    label = shorten(_("Choose"), MAX_LIST_BUTTON)
    for start in range(0, len(buttons), MAX_ROWS):
        group = buttons[start : start + MAX_ROWS]
        titles = _unique([shorten(b.title, MAX_ROW_TITLE) for b in group], MAX_ROW_TITLE)
        rows = _unique_ids(
            Choice(
                id=_id(b, MAX_ROW_ID, t),
                title=t,
                description=shorten(b.title, MAX_ROW_DESCRIPTION) if t != b.title else None,
            )
            for b, t in zip(group, titles, strict=True)
        )
        lists.append(
            Outgoing(
                kind="list",
                text=body if start == 0 else _("More choices:"),
                choices=rows,
                list_button=label,
            )
        )
    return lists


def _id(button: Button, limit: int, title: str) -> str:
    payload = button.payload.strip()
    if 0 < len(payload) <= limit:
        return payload
    # Too long to travel as an id: the title comes back, and the NLU reads it as words.
    return shorten(button.title, limit) or title


def _unique(titles: list[str], limit: int) -> list[str]:
    """Number titles that came out the same (WhatsApp refuses repeated titles)."""
    seen: set[str] = set()
    result = []
    for title in titles:
        candidate, number = title, 2
        while candidate in seen:
            suffix = f" {number}"
            candidate = title[: limit - len(suffix)].rstrip() + suffix
            number += 1
        seen.add(candidate)
        result.append(candidate)
    return result


def _unique_ids(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    """Keep the first choice of each id (two buttons with one payload are one choice)."""
    found: dict[str, Choice] = {}
    for choice in choices:
        found.setdefault(choice.id, choice)
    return tuple(found.values())


def shorten(title: str, limit: int) -> str:
    """Return `title` in at most `limit` characters, cut at a word and ended with "…"."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    room = limit - len(ELLIPSIS)
    cut = title.rfind(" ", 0, room + 1)
    # Cut at a word unless that would throw away more than half of what fits.
    head = title[:cut] if cut >= room // 2 else title[:room]
    return head.rstrip(" ,.;:-/(") + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Split a text into pieces of at most `limit` characters, between paragraphs, lines or
    words where possible (a word longer than `limit` is cut)."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _boundary(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def cut_tail(text: str, limit: int) -> tuple[str, str]:
    """Split a text into a head and a tail of at most `limit` characters, at a boundary."""
    if len(text) <= limit:
        return "", text
    earliest = len(text) - limit
    for separator in ("\n\n", "\n", " "):
        index = text.find(separator, earliest - len(separator))
        if index != -1 and index + len(separator) >= earliest:
            return text[:index].rstrip(), text[index + len(separator) :].lstrip()
    return text[:earliest], text[earliest:]


def _boundary(text: str, limit: int) -> int:
    for separator in ("\n\n", "\n", " "):
        index = text.rfind(separator, 0, limit + 1)
        if index > limit // 2:
            return index
    return limit


def _filename(media: str) -> str:
    if media.startswith("data:"):
        return "document.pdf" if "application/pdf" in media[:40] else "document"
    name = media.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return name or "document"


def decode_data_url(url: str) -> tuple[str, bytes] | None:
    """Return the media type and bytes of a base64 `data:` URL, or None if it is not one."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    header, _sep, data = url.partition(";base64,")
    try:
        return header[len("data:") :] or "application/octet-stream", base64.b64decode(
            data, validate=True
        )
    except (binascii.Error, ValueError):
        return None


async def send(client: WhatsAppClient, to: str, message: Outgoing) -> str:
    """Send one rendered message; return its WhatsApp message id."""
    if message.kind == "text":
        return await client.send_text(to, message.text or "")
    if message.kind == "buttons":
        buttons = [ReplyButton(c.id, c.title) for c in message.choices]
        return await client.send_buttons(to, message.text or "", buttons)
    if message.kind == "list":
        rows = [ListRow(c.id, c.title, c.description) for c in message.choices]
        return await client.send_list(to, message.text or "", message.list_button or "", rows)
    if message.kind == "template":
        return await client.send_template(
            to, message.template or "", message.language or "id", message.params
        )
    link, media_id = await _media_of(client, message)
    if message.kind == "image":
        return await client.send_image(to, link=link, media_id=media_id, caption=message.text)
    return await client.send_document(
        to, link=link, media_id=media_id, filename=message.filename, caption=message.text
    )


async def _media_of(client: WhatsAppClient, message: Outgoing) -> tuple[str | None, str | None]:
    media = message.media or ""
    decoded = decode_data_url(media)
    if decoded is None:
        return media, None
    content_type, data = decoded
    extension = {"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}
    filename = message.filename or f"file{extension.get(content_type, '')}"
    return None, await client.upload_media(data, content_type, filename)
