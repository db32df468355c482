"""What the WhatsApp channel keeps: the inbox, each user's 24-hour window, the messages out.

- `whatsapp_inbox`: every webhook event (a user's message, a status of ours) is written here
  before the webhook answers 200, unique by `event_key` (a redelivery adds nothing); a
  consumer processes the rows after, so a crash after the 200 loses nothing.
- `whatsapp_contact`: when the user last wrote (their 24-hour window), and when we last sent
  them a template asking them to reply (so one is sent per closed window).
- `whatsapp_message`: every message to a user, queued before it is sent; its state follows
  it (queued, held outside the window, sent, delivered, read, failed), its `wamid` links
  WhatsApp's statuses back to it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import BigIntegerPK, PortableJSON, UTCDateTime, str_enum, utc_now


class InboxEvent(Base):
    """One webhook event, kept until processed (and after, as a record)."""

    __tablename__ = "whatsapp_inbox"
    __table_args__ = (
        Index(None, "processed_at", "next_attempt_at"),
        Index(None, "wa_id", "processed_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    event_key: Mapped[str] = mapped_column(
        String(200), unique=True, doc="message:<wamid> or status:<wamid>:<status>"
    )
    wa_id: Mapped[str] = mapped_column(String(64), doc="the user's WhatsApp number")
    payload: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_error: Mapped[str | None] = mapped_column(Text)


class Contact(Base):
    """A WhatsApp user's window: free-form messages only within 24 hours of their last one."""

    __tablename__ = "whatsapp_contact"

    wa_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    template_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessageState(StrEnum):
    """Where a message to a user is."""

    QUEUED = "queued"
    HELD = "held"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class OutboundMessage(Base):
    """One message to a user: its rendered body, its state, WhatsApp's id once sent."""

    __tablename__ = "whatsapp_message"
    __table_args__ = (
        Index(None, "state", "next_attempt_at"),
        Index(None, "wa_id", "state"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    wa_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(
        String(64), doc="'reply', 'template', or the outbox kind ('claim.approved', ...)"
    )
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[dict[str, Any]] = mapped_column(PortableJSON, doc="a rendered `Outgoing`")
    state: Mapped[MessageState] = mapped_column(str_enum(MessageState))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    wamid: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    error_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
