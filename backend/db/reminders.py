"""JKP reminders: subscriptions, the reminders to send, the duties reported, the send rate.

- `jkp_subscription`: a chat user's plan (dismissal date, first JKP payment or claim, time
  zone, preferred hour, language); one active per chat user (a partial unique index), ended
  with a reason (unsubscribed, new job, blocked, completed, replaced).
- `jkp_reminder`: one reminder of a subscription, due at `due_at` (UTC). `idempotency_key` is
  unique: it names the reminder and its channel, and the channel's sender gets it with the
  message, so a reminder sent again after a crash is dropped where the channel can. `state`
  (`dialogues.reminders.ReminderState`), `attempts`, `claimed_by` and `lease_until` (the worker
  sending it, until when), `not_before` (a retry's earliest time), `job_id` (its job in the
  PostgreSQL job queue), `sent_at`, `last_error`.
- `jkp_duty`: a duty the worker reported, counted for one duty month.
- `reminder_send_rate`: the next free sending slot per channel, shared by every worker
  process on PostgreSQL so they keep the channel's rate together.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.db.types import BigIntegerPK, UTCDateTime, str_enum, utc_now
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_duties import DutyKind
from dialogues.rules.jkp_schedule import ReminderKind
from nlu import Language

ACTIVE = "active"
ENDED = "ended"


class JkpSubscription(Base):
    """A chat user's JKP reminder plan; `state` is `active` or `ended` (with `ended_reason`)."""

    __tablename__ = "jkp_subscription"
    __table_args__ = (
        Index(
            "uq_jkp_subscription_active_chat",
            "channel",
            "channel_user_id",
            unique=True,
            sqlite_where=text("state = 'active'"),
            postgresql_where=text("state = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[Language] = mapped_column(str_enum(Language))
    timezone: Mapped[str] = mapped_column(String(64))
    preferred_hour: Mapped[int] = mapped_column(Integer)
    dismissal_date: Mapped[date] = mapped_column(Date)
    first_date: Mapped[date] = mapped_column(Date, doc="first JKP payment or claim")
    state: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    ended_reason: Mapped[EndReason | None] = mapped_column(str_enum(EndReason))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JkpReminder(Base):
    """One reminder to send; claimed, sent with its idempotency key, then marked."""

    __tablename__ = "jkp_reminder"
    __table_args__ = (Index(None, "state", "due_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("jkp_subscription.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(128), doc="the channel user id")
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ReminderKind] = mapped_column(str_enum(ReminderKind))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[ReminderState] = mapped_column(
        str_enum(ReminderState), default=ReminderState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class JkpDuty(Base):
    """A duty the worker reported, counted for duty month `month` of the subscription."""

    __tablename__ = "jkp_duty"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("jkp_subscription.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DutyKind] = mapped_column(str_enum(DutyKind))
    count: Mapped[int] = mapped_column(Integer, default=1)
    total: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(100), doc="the company, when named")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ReminderSendRate(Base):
    """The next moment a channel may take a message, shared by every worker process."""

    __tablename__ = "reminder_send_rate"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_slot: Mapped[datetime] = mapped_column(UTCDateTime)
