"""What comes into the engine from a channel, and what goes back out, as frozen values."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered with a reply; its payload comes back as the user's next message."""

    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the user. Channels render it; the engine never sends it."""

    text: str
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    document: str | None = None
    custom: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the user sent, already checked (type by its bytes, size) and stored by the channel.

    `file_id` is the stored file's random id; `name` is what the user called it (shown only
    to officers, never trusted for the type).
    """

    file_id: str
    content_type: str
    size: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from a user, already translated out of its channel's payload.

    `language_hint` is what the channel knows of the user's language (Telegram's
    `language_code`, say); the engine weighs it against the stored choice and the text.
    `attachments` are the files sent with (or instead of) the text.
    """

    channel: str
    user_id: str
    text: str
    language_hint: str | None = None
    received_at: datetime | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


def data_url(content_type: str, data: bytes) -> str:
    """Return `data` as a `data:` URL (how a generated image travels in `Reply.image`)."""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
