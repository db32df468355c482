"""In-memory twin of the JKP reminder service (`dialogues.reminders`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from dialogues.reminders import (
    EndReason,
    ReminderPlan,
    ReminderStatus,
    ScheduledReminder,
)
from dialogues.rules.jkp_duties import DutyEntry
from dialogues.rules.jkp_schedule import plan_reminders
from nlu import Language


class InMemoryReminders:
    """JKP reminder subscriptions in a dict; nothing sends them (the worker does, from SQL)."""

    def __init__(self) -> None:
        self.active: dict[tuple[str, str], ReminderStatus] = {}
        self.ended: list[tuple[tuple[str, str], EndReason]] = []

    async def subscribe(
        self, channel: str, user_id: str, plan: ReminderPlan, *, now: datetime
    ) -> ReminderStatus:
        """Replace any subscription with one made from `plan`."""
        before = self.active.get((channel, user_id))
        kept = before.duties if before and before.plan.first_date == plan.first_date else ()
        reminders = tuple(
            ScheduledReminder(r.month, r.kind, r.due_at)
            for r in plan_reminders(plan.first_date, plan.zone, plan.hour, after=now)
        )
        status = ReminderStatus(plan, reminders, kept)
        self.active[(channel, user_id)] = status
        return status

    async def status(self, channel: str, user_id: str) -> ReminderStatus | None:
        """Return the active subscription."""
        return self.active.get((channel, user_id))

    async def record(
        self,
        channel: str,
        user_id: str,
        entries: Sequence[DutyEntry],
        *,
        language: Language,
        now: datetime,
    ) -> ReminderStatus | None:
        """Add the entries to the active subscription."""
        status = self.active.get((channel, user_id))
        if status is None:
            return None
        plan = replace(status.plan, language=language)
        status = replace(status, plan=plan, duties=(*status.duties, *entries))
        self.active[(channel, user_id)] = status
        return status

    async def end(self, channel: str, user_id: str, reason: EndReason, *, now: datetime) -> bool:
        """Forget the active subscription."""
        if self.active.pop((channel, user_id), None) is None:
            return False
        self.ended.append(((channel, user_id), reason))
        return True
