"""Messages to workers, written in the transaction that causes them, sent later by the worker.

`jamsos worker` delivers each unsent row at least once (rows due by `next_attempt_at`,
retried with backoff, `attempts` counted); `dedupe_key` is unique, so the same news is never
queued twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import BigIntegerPK, PortableJSON, UTCDateTime, str_enum, utc_now
from nlu import Language


class OutboxMessage(Base):
    """One message to send to a worker through their channel, in their language."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index(None, "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(128), doc="the channel user id")
    language: Mapped[Language] = mapped_column(str_enum(Language))
    kind: Mapped[str] = mapped_column(
        String(64), doc="what to say, e.g. 'claim.verifying' or 'ticket.reply'"
    )
    payload: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_error: Mapped[str | None] = mapped_column(Text)
