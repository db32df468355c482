"""The JKP reminder service the chat needs, as a small Protocol, and the values it passes.

A chat user (channel and user id) subscribes with a `ReminderPlan`: the dismissal date, the
first JKP payment or claim date, their time zone and preferred hour. The service keeps the
plan, the reminders it makes (`dialogues.rules.jkp_schedule.plan_reminders`) and the duties
the user reports, and ends everything at once when asked (`EndReason`). `ReminderStatus` is
what the chat shows: the plan, the reminders with their state, the duty entries.

`dialogues.memory_reminders.InMemoryReminders` is the twin;
`backend.services.reminders.SqlReminders` keeps it in the database, where `jamsos worker` sends
the reminders when they are due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from dialogues.rules.jkp_duties import DutyEntry, MonthProgress, month_progress
from dialogues.rules.jkp_schedule import ReminderKind, month_on
from nlu import Language


class EndReason(StrEnum):
    """Why a subscription ended."""

    UNSUBSCRIBED = "unsubscribed"
    NEW_JOB = "new_job"
    BLOCKED = "blocked"
    COMPLETED = "completed"
    REPLACED = "replaced"


class ReminderState(StrEnum):
    """Where one reminder stands (the values of the `jkp_reminder.state` column)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"
    IN_DOUBT = "in_doubt"


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    """What a subscription is made from."""

    dismissal_date: date
    first_date: date
    timezone: str
    hour: int
    language: Language

    @property
    def zone(self) -> ZoneInfo:
        """The worker's time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class ScheduledReminder:
    """One reminder of a subscription: its month, kind, due moment (UTC) and state."""

    month: int
    kind: ReminderKind
    due_at: datetime
    state: ReminderState = ReminderState.PENDING


@dataclass(frozen=True, slots=True)
class ReminderStatus:
    """A chat user's active subscription: the plan, its reminders, the duties reported."""

    plan: ReminderPlan
    reminders: tuple[ScheduledReminder, ...]
    duties: tuple[DutyEntry, ...]

    def next_reminder(self, now: datetime) -> ScheduledReminder | None:
        """Return the next reminder still to come after `now`."""
        return next(
            (
                r
                for r in sorted(self.reminders, key=lambda r: r.due_at)
                if r.state == ReminderState.PENDING and r.due_at > now
            ),
            None,
        )

    def progress_on(self, today: date) -> MonthProgress | None:
        """Return the progress of the duty month `today` (local) falls in, if any."""
        month = month_on(self.plan.first_date, today)
        if month is None:
            return None
        return month_progress(self.plan.first_date, month.number, self.duties)


class ReminderService(Protocol):
    """Keeps JKP reminder subscriptions and the duties reported, per chat user."""

    async def subscribe(
        self, channel: str, user_id: str, plan: ReminderPlan, *, now: datetime
    ) -> ReminderStatus:
        """Start (or replace) the user's reminders.

        Replacing keeps the duties reported so far when the first date is the same.
        """
        ...

    async def status(self, channel: str, user_id: str) -> ReminderStatus | None:
        """Return the user's active subscription, or None."""
        ...

    async def record(
        self,
        channel: str,
        user_id: str,
        entries: Sequence[DutyEntry],
        *,
        language: Language,
        now: datetime,
    ) -> ReminderStatus | None:
        """Add duties to the active subscription (None when there is none)."""
        ...

    async def end(self, channel: str, user_id: str, reason: EndReason, *, now: datetime) -> bool:
        """End the user's subscription and cancel its reminders; tell whether one was active."""
        ...
