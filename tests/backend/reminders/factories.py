"""Subscriptions for the reminder tests: each with a chat user no other test uses."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.reminders import JkpReminder, JkpSubscription
from backend.reminders import store
from dialogues.reminders import ReminderPlan
from nlu import Language

START = datetime(2026, 9, 20, 0, 0, tzinfo=UTC)
"""Before month 2's early reminder (8 October 2026) of the plan below."""
FIRST = date(2026, 9, 15)


def plan(
    zone: str = "Asia/Taipei", hour: int = 9, language: Language = Language.ID
) -> ReminderPlan:
    """A plan with the first JKP payment on 15 September 2026."""
    return ReminderPlan(
        dismissal_date=date(2026, 8, 10),
        first_date=FIRST,
        timezone=zone,
        hour=hour,
        language=language,
    )


def new_user() -> str:
    """A chat user id never seen before."""
    return "chat-" + secrets.token_hex(6)


async def subscribe(
    sessions: async_sessionmaker[AsyncSession],
    *,
    channel: str = "rest",
    user: str | None = None,
    zone: str = "Asia/Taipei",
    hour: int = 9,
    language: Language = Language.ID,
    now: datetime = START,
) -> tuple[JkpSubscription, list[JkpReminder]]:
    """Subscribe a new chat user; return the subscription and its reminders, in time order."""
    async with sessions.begin() as session:
        subscription = await store.subscribe(
            session=session,
            channel=channel,
            user_id=user or new_user(),
            plan=plan(zone, hour, language),
            now=now,
        )
        rows = await session.scalars(
            select(JkpReminder)
            .where(JkpReminder.subscription_id == subscription.id)
            .order_by(JkpReminder.due_at)
        )
        return subscription, list(rows)


async def reminder(sessions: async_sessionmaker[AsyncSession], reminder_id: int) -> JkpReminder:
    """Return a reminder row as it is now."""
    async with sessions() as session:
        row = await session.get(JkpReminder, reminder_id, populate_existing=True)
        assert row is not None
        return row


async def subscription(
    sessions: async_sessionmaker[AsyncSession], subscription_id: int
) -> JkpSubscription:
    """Return a subscription row as it is now."""
    async with sessions() as session:
        row = await session.get(JkpSubscription, subscription_id, populate_existing=True)
        assert row is not None
        return row
