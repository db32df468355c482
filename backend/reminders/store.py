"""Keyword-only data functions over the reminder tables: subscriptions and duties.

Subscribing (the reminders made from the plan, each with its idempotency key), reading,
recording duties and ending, for the chat service (`backend.services.reminders`), the
officers' pages and the sender. The steps of sending one reminder: `backend.reminders.leases`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.reminders import ACTIVE, ENDED, JkpDuty, JkpReminder, JkpSubscription
from dialogues.reminders import (
    EndReason,
    ReminderPlan,
    ReminderState,
    ReminderStatus,
    ScheduledReminder,
)
from dialogues.rules.jkp_duties import DutyEntry
from dialogues.rules.jkp_schedule import plan_reminders


def idempotency_key(channel: str, subscription_id: int, month: int, kind: str) -> str:
    """Return the key of one reminder on one channel: unique, and what the channel sees."""
    return f"jkp-reminder:{channel}:{subscription_id}:{month}:{kind}"


async def active_subscription(
    *, session: AsyncSession, channel: str, user_id: str, lock: bool = False
) -> JkpSubscription | None:
    """Return the chat user's active subscription (locked for update when `lock`)."""
    query = select(JkpSubscription).where(
        JkpSubscription.channel == channel,
        JkpSubscription.channel_user_id == user_id,
        JkpSubscription.state == ACTIVE,
    )
    if lock:
        query = query.with_for_update()
    found: JkpSubscription | None = await session.scalar(query)
    return found


def plan_of(subscription: JkpSubscription) -> ReminderPlan:
    """Return the plan a subscription was made from."""
    return ReminderPlan(
        dismissal_date=subscription.dismissal_date,
        first_date=subscription.first_date,
        timezone=subscription.timezone,
        hour=subscription.preferred_hour,
        language=subscription.language,
    )


async def duties_of(*, session: AsyncSession, subscription_id: int) -> tuple[DutyEntry, ...]:
    """Return the duties reported for a subscription, oldest first."""
    rows = await session.scalars(
        select(JkpDuty).where(JkpDuty.subscription_id == subscription_id).order_by(JkpDuty.id)
    )
    return tuple(DutyEntry(d.month, d.kind, d.count, d.total, d.detail) for d in rows)


async def status_of(*, session: AsyncSession, subscription: JkpSubscription) -> ReminderStatus:
    """Return a subscription as the chat shows it: plan, reminders, duties."""
    rows = await session.scalars(
        select(JkpReminder)
        .where(JkpReminder.subscription_id == subscription.id)
        .order_by(JkpReminder.due_at, JkpReminder.id)
    )
    reminders = tuple(ScheduledReminder(r.month, r.kind, r.due_at, r.state) for r in rows)
    duties = await duties_of(session=session, subscription_id=subscription.id)
    return ReminderStatus(plan_of(subscription), reminders, duties)


async def end_subscription(
    *, session: AsyncSession, subscription: JkpSubscription, reason: EndReason, now: datetime
) -> None:
    """End a subscription and cancel its reminders still waiting (one in flight goes on)."""
    subscription.state = ENDED
    subscription.ended_reason = reason
    subscription.ended_at = now
    await session.flush()
    await session.execute(
        update(JkpReminder)
        .where(
            JkpReminder.subscription_id == subscription.id,
            JkpReminder.state == ReminderState.PENDING,
        )
        .values(state=ReminderState.CANCELLED, last_error=f"subscription ended: {reason}")
        .execution_options(synchronize_session=False)
    )


async def end_active(
    *, session: AsyncSession, channel: str, user_id: str, reason: EndReason, now: datetime
) -> bool:
    """End the chat user's active subscription, if any; tell whether there was one."""
    subscription = await active_subscription(
        session=session, channel=channel, user_id=user_id, lock=True
    )
    if subscription is None:
        return False
    await end_subscription(session=session, subscription=subscription, reason=reason, now=now)
    return True


async def subscribe(
    *, session: AsyncSession, channel: str, user_id: str, plan: ReminderPlan, now: datetime
) -> JkpSubscription:
    """Replace the user's subscription with one made from `plan`, with its reminders.

    The duties reported under the replaced one are kept when the first date is the same.
    """
    before = await active_subscription(session=session, channel=channel, user_id=user_id, lock=True)
    kept: tuple[DutyEntry, ...] = ()
    if before is not None:
        if before.first_date == plan.first_date:
            kept = await duties_of(session=session, subscription_id=before.id)
        await end_subscription(
            session=session, subscription=before, reason=EndReason.REPLACED, now=now
        )
    subscription = JkpSubscription(
        channel=channel,
        channel_user_id=user_id,
        language=plan.language,
        timezone=plan.timezone,
        preferred_hour=plan.hour,
        dismissal_date=plan.dismissal_date,
        first_date=plan.first_date,
        state=ACTIVE,
        created_at=now,
    )
    session.add(subscription)
    await session.flush()
    for planned in plan_reminders(plan.first_date, plan.zone, plan.hour, after=now):
        session.add(
            JkpReminder(
                subscription_id=subscription.id,
                channel=channel,
                recipient=user_id,
                month=planned.month,
                kind=planned.kind,
                due_at=planned.due_at,
                idempotency_key=idempotency_key(
                    channel, subscription.id, planned.month, planned.kind
                ),
                state=ReminderState.PENDING,
                attempts=0,
            )
        )
    add_duties(session=session, subscription_id=subscription.id, entries=kept, now=now)
    await session.flush()
    return subscription


def add_duties(
    *, session: AsyncSession, subscription_id: int, entries: Sequence[DutyEntry], now: datetime
) -> None:
    """Add duty entries to a subscription (flushed with the session)."""
    for entry in entries:
        session.add(
            JkpDuty(
                subscription_id=subscription_id,
                month=entry.month,
                kind=entry.kind,
                count=entry.count,
                total=entry.total,
                detail=entry.detail,
                reported_at=now,
            )
        )
