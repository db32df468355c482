"""What the chat channels keep beside the conversations: keys that expire, unreachable chats.

- `expiring_key`: a key (with an optional value) that counts until `expires_at`: which
  Telegram updates and WhatsApp messages were already processed, and the long button
  payloads Telegram's 64-byte `callback_data` can't carry. Used when Redis is not configured.
- `unreachable_chat`: a chat user the channel refuses to reach (the user blocked the bot);
  nothing is sent to them until they come back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import UTCDateTime, utc_now


class ExpiringKey(Base):
    """A key that holds (with its value) until `expires_at`, then counts as absent."""

    __tablename__ = "expiring_key"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class UnreachableChat(Base):
    """A chat user who can't be messaged (blocked the bot), since when and why."""

    __tablename__ = "unreachable_chat"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    reason: Mapped[str] = mapped_column(String(200), default="")
