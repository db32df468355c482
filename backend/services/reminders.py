"""JKP reminder subscriptions over the database (`dialogues.reminders.ReminderService`).

Each call is one unit of work. The reminders are only written here; `jamsos worker` sends
them when they are due (`backend.reminders`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from backend.reminders import store
from backend.services.base import Sessions, unit_of_work
from dialogues.reminders import EndReason, ReminderPlan, ReminderStatus
from dialogues.rules.jkp_duties import DutyEntry
from nlu import Language


class SqlReminders:
    """Subscriptions, reminders and duty logs in `jkp_subscription`, `jkp_reminder`, `jkp_duty`."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def subscribe(
        self, channel: str, user_id: str, plan: ReminderPlan, *, now: datetime
    ) -> ReminderStatus:
        """Replace the user's subscription with one made from `plan`."""
        async with unit_of_work(self._sessions) as session:
            subscription = await store.subscribe(
                session=session, channel=channel, user_id=user_id, plan=plan, now=now
            )
            return await store.status_of(session=session, subscription=subscription)

    async def status(self, channel: str, user_id: str) -> ReminderStatus | None:
        """Return the user's active subscription."""
        async with unit_of_work(self._sessions) as session:
            subscription = await store.active_subscription(
                session=session, channel=channel, user_id=user_id
            )
            if subscription is None:
                return None
            return await store.status_of(session=session, subscription=subscription)

    async def record(
        self,
        channel: str,
        user_id: str,
        entries: Sequence[DutyEntry],
        *,
        language: Language,
        now: datetime,
    ) -> ReminderStatus | None:
        """Add duties to the active subscription; later reminders follow its language."""
        async with unit_of_work(self._sessions) as session:
            subscription = await store.active_subscription(
                session=session, channel=channel, user_id=user_id, lock=True
            )
            if subscription is None:
                return None
            subscription.language = language
            store.add_duties(
                session=session, subscription_id=subscription.id, entries=entries, now=now
            )
            await session.flush()
            return await store.status_of(session=session, subscription=subscription)

    async def end(self, channel: str, user_id: str, reason: EndReason, *, now: datetime) -> bool:
        """End the active subscription and cancel its waiting reminders."""
        async with unit_of_work(self._sessions) as session:
            return await store.end_active(
                session=session, channel=channel, user_id=user_id, reason=reason, now=now
            )
