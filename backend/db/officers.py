"""Back-office accounts and their login tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import BigIntegerPK, UTCDateTime, str_enum, utc_now


class OfficerRole(StrEnum):
    """What an officer may do: handle claims and tickets, or also supervise."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"


class Officer(Base):
    """A back-office account; the password is kept only as a salted scrypt hash."""

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    def __repr__(self) -> str:
        return f"Officer(username={self.username!r}, role={self.role!r})"


class OfficerToken(Base):
    """A login token; only its SHA-256 is stored, so a leaked table logs nobody in."""

    __tablename__ = "officer_token"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officer.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
