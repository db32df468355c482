"""Replies as Telegram messages: HTML text cut to size, inline keyboards, photos, documents.

Pure functions, no I/O: `render(reply)` returns the messages to send for one reply. A text
too long for one message is cut by `bot.telegram.split.split_text`; one that fits a caption
(1,024, counted as Telegram does) goes under the reply's last file.

Button payloads travel in `callback_data`, at most 64 bytes: a longer payload is sent as
`#` and its digest (`callback_data`), and `bot.telegram.buttons` keeps the payload by it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.split import split_text, visible_length
from dialogues.messages import Button, Reply

CAPTION_LIMIT = 1024
CALLBACK_DATA_MAX = 64
DIGEST_MARK = "#"
PARSE_MODE = "HTML"

_DATA_URL = re.compile(r"data:(?P<type>[\w.+-]+/[\w.+-]+);base64,(?P<data>.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class TextMessage:
    """A text message (HTML), with the keyboard under it if any."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class PhotoMessage:
    """A photo: its bytes, or a URL Telegram fetches; the caption in HTML."""

    photo: bytes | str
    caption: str | None = None
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class DocumentMessage:
    """A document: its bytes (with a file name), or a URL Telegram fetches."""

    document: bytes | str
    filename: str | None = None
    caption: str | None = None
    keyboard: InlineKeyboardMarkup | None = None


TelegramMessage = TextMessage | PhotoMessage | DocumentMessage


def render(reply: Reply) -> list[TelegramMessage]:
    """Return the messages that show one reply: media first, text after, keyboard last."""
    keyboard = inline_keyboard(reply.buttons)
    text = html.escape(reply.text, quote=False)
    media: list[TelegramMessage] = []
    if reply.image is not None:
        media.append(PhotoMessage(photo=_file(reply.image)))
    if reply.document is not None:
        content = _file(reply.document)
        name = "document.pdf" if isinstance(content, bytes) else None
        media.append(DocumentMessage(document=content, filename=name))
    if media and text.strip() and visible_length(text) <= CAPTION_LIMIT:
        # A short text goes under the last file, as Telegram users expect.
        last = media.pop()
        if isinstance(last, PhotoMessage):
            return [*media, PhotoMessage(last.photo, caption=text, keyboard=keyboard)]
        assert isinstance(last, DocumentMessage)
        captioned = DocumentMessage(last.document, last.filename, caption=text, keyboard=keyboard)
        return [*media, captioned]
    pieces = split_text(text) if text.strip() else []
    if not pieces:
        return _with_keyboard(media, keyboard)
    texts: list[TelegramMessage] = [TextMessage(piece) for piece in pieces]
    return _with_keyboard([*media, *texts], keyboard)


def _with_keyboard(
    messages: list[TelegramMessage], keyboard: InlineKeyboardMarkup | None
) -> list[TelegramMessage]:
    if keyboard is None or not messages:
        return messages
    last = messages[-1]
    if isinstance(last, TextMessage):
        last = TextMessage(last.text, keyboard)
    elif isinstance(last, PhotoMessage):
        last = PhotoMessage(last.photo, last.caption, keyboard)
    else:
        last = DocumentMessage(last.document, last.filename, last.caption, keyboard)
    return [*messages[:-1], last]


def _file(reference: str) -> bytes | str:
    """Return the bytes of a `data:` URL, or the URL itself for Telegram to fetch."""
    match = _DATA_URL.fullmatch(reference)
    if match is None:
        return reference
    try:
        return base64.b64decode(match["data"], validate=True)
    except binascii.Error as error:
        raise ValueError("a data: URL whose base64 is broken") from error


def callback_data(payload: str) -> str:
    """Return what a button carries: the payload itself, or `#` and its digest if too long."""
    if len(payload.encode()) <= CALLBACK_DATA_MAX and not payload.startswith(DIGEST_MARK):
        return payload
    digest = hashlib.sha256(payload.encode()).digest()
    return DIGEST_MARK + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def long_payloads(replies: Iterable[Reply]) -> dict[str, str]:
    """Return the payloads sent by digest, by their `callback_data`, to keep until pressed."""
    return {
        data: button.payload
        for reply in replies
        for button in reply.buttons
        if (data := callback_data(button.payload)) != button.payload
    }


def inline_keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """Return one button a row (titles are long), or None without buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=callback_data(b.payload))] for b in buttons]
    )
