"""Complaints and requests for a human, and who owns a conversation while one is open."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base
from backend.db.types import BigIntegerPK, UTCDateTime, str_enum, utc_now
from nlu import Language


class TicketKind(StrEnum):
    """Why the ticket was opened."""

    COMPLAINT = "complaint"
    HUMAN_AGENT = "human_agent"


class TicketState(StrEnum):
    """Open until an officer closes it."""

    OPEN = "open"
    CLOSED = "closed"


class AuthorKind(StrEnum):
    """Who wrote a ticket message."""

    WORKER = "worker"
    OFFICER = "officer"


class Ticket(Base):
    """A complaint or a hand-off to a human, with its reference (`TKT-` + 8 characters)."""

    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    kind: Mapped[TicketKind] = mapped_column(str_enum(TicketKind))
    state: Mapped[TicketState] = mapped_column(str_enum(TicketState), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[Language] = mapped_column(str_enum(Language))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id", ondelete="SET NULL"), doc="the officer handling it"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket",
        cascade="all, delete-orphan",
        order_by="TicketMessage.id",
        lazy="raise",
    )


class TicketMessage(Base):
    """One message of a ticket's thread, from the worker or from an officer."""

    __tablename__ = "ticket_message"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[AuthorKind] = mapped_column(str_enum(AuthorKind))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


class HumanHandoff(Base):
    """While this row exists, a human owns the chat user's conversation: the bot stays silent.

    One per channel user; handing back to the bot deletes it.
    """

    __tablename__ = "human_handoff"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
