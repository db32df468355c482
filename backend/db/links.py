"""Which chat user is which participant, and the tries at proving it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import BigIntegerPK, UTCDateTime, utc_now


class ChannelLink(Base):
    """A chat user (per channel) proven to be a participant by KPJ, NIK and birth date.

    One link per channel user; unlinking deletes the row.
    """

    __tablename__ = "channel_link"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class LinkAttempt(Base):
    """One try at linking, right or wrong: three wrong ones lock linking for 15 minutes.

    The KPJ, NIK and birth date tried are not kept: only whether they matched.
    """

    __tablename__ = "link_attempt"
    __table_args__ = (Index(None, "channel", "channel_user_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
