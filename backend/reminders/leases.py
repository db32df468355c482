"""The steps of sending one reminder, as conditional UPDATEs on its row (`jkp_reminder`).

1. `claim`: `pending` and due (or `sending` with its lease run out) -> `sending`, leased to
   one worker until `lease_until`, `attempts + 1`. One conditional UPDATE: of two workers
   claiming the same row, one gets it.
2. `renew`: just before the send, the worker extends its lease, and learns whether the row is
   still its own (a worker slower than its lease must not send what another took over).
3. `mark_sent` / `release` / `finish`: `sent`; back to `pending` for a later try; or a final
   state (`skipped`, `failed`, `cancelled`, `in_doubt`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.channels import UnreachableChat
from backend.db.reminders import ACTIVE, ENDED, JkpReminder, JkpSubscription
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_schedule import ReminderKind
from nlu import Language

ERROR_MAX = 500
OPEN_STATES = (ReminderState.PENDING, ReminderState.SENDING)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        (JkpReminder.state == ReminderState.PENDING)
        & (JkpReminder.due_at <= now)
        & (JkpReminder.not_before.is_(None) | (JkpReminder.not_before <= now)),
        (JkpReminder.state == ReminderState.SENDING) & (JkpReminder.lease_until < now),
    )


@dataclass(frozen=True, slots=True)
class Claimed:
    """A reminder leased to a worker, with what sending it needs of its subscription."""

    id: int
    subscription_id: int
    channel: str
    recipient: str
    month: int
    kind: ReminderKind
    due_at: datetime
    idempotency_key: str
    attempts: int
    lease_until: datetime
    in_doubt: bool
    active: bool
    timezone: str
    first_date: date
    language: Language
    unreachable: bool
    """The channel marked the user unreachable (they blocked the bot): nothing may be sent."""


async def claim(
    *, session: AsyncSession, reminder_id: int, worker: str, now: datetime, lease: timedelta
) -> Claimed | None:
    """Lease one due reminder to `worker`; None when it isn't claimable.

    `in_doubt`: a worker had claimed it and never marked nor released it (it died between
    claiming and marking, maybe after sending): the row is still `sending` with its lease
    run out, or was taken back by the sweeper (`pending`, `claimed_by` kept).
    """
    # Locked until the UPDATE (PostgreSQL), so what is read is what is replaced; the
    # subscription comes with it.
    before = (
        await session.execute(
            select(
                JkpReminder.state,
                JkpReminder.claimed_by,
                JkpSubscription.state.label("subscription_state"),
                JkpSubscription.timezone,
                JkpSubscription.first_date,
                JkpSubscription.language,
                exists()
                .where(
                    UnreachableChat.channel == JkpReminder.channel,
                    UnreachableChat.channel_user_id == JkpReminder.recipient,
                )
                .label("unreachable"),
            )
            .join(JkpSubscription, JkpSubscription.id == JkpReminder.subscription_id)
            .where(JkpReminder.id == reminder_id, _claimable(now))
            .with_for_update(skip_locked=True, of=JkpReminder)
        )
    ).first()
    if before is None:
        return None
    table = JkpReminder.__table__
    claimed = (
        await session.execute(
            update(JkpReminder)
            .where(JkpReminder.id == reminder_id, _claimable(now))
            .values(
                state=ReminderState.SENDING,
                claimed_by=worker,
                lease_until=now + lease,
                attempts=JkpReminder.attempts + 1,
            )
            .returning(
                table.c.id,
                table.c.subscription_id,
                table.c.channel,
                table.c.recipient,
                table.c.month,
                table.c.kind,
                table.c.due_at,
                table.c.idempotency_key,
                table.c.attempts,
                table.c.lease_until,
            )
        )
    ).first()
    if claimed is None:
        return None
    return Claimed(
        id=claimed.id,
        subscription_id=claimed.subscription_id,
        channel=claimed.channel,
        recipient=claimed.recipient,
        month=claimed.month,
        kind=ReminderKind(claimed.kind),
        due_at=claimed.due_at,
        idempotency_key=claimed.idempotency_key,
        attempts=claimed.attempts,
        lease_until=claimed.lease_until,
        in_doubt=before.state == ReminderState.SENDING or before.claimed_by is not None,
        active=before.subscription_state == ACTIVE,
        timezone=before.timezone,
        first_date=before.first_date,
        language=Language(before.language),
        unreachable=bool(before.unreachable),
    )


async def due_ids(
    *, session: AsyncSession, now: datetime, limit: int, channels: Collection[str]
) -> list[int]:
    """Return up to `limit` reminders of `channels` claimable now, oldest due first.

    Rows locked by another transaction are skipped (PostgreSQL; SQLite has one writer).
    """
    if not channels:
        return []
    rows = await session.scalars(
        select(JkpReminder.id)
        .where(_claimable(now), JkpReminder.channel.in_(list(channels)))
        .order_by(JkpReminder.due_at, JkpReminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


async def renew(
    *, session: AsyncSession, reminder_id: int, worker: str, now: datetime, lease: timedelta
) -> bool:
    """Extend the worker's lease; False when the reminder is no longer its to send."""
    result = await session.execute(
        update(JkpReminder)
        .where(
            JkpReminder.id == reminder_id,
            JkpReminder.claimed_by == worker,
            JkpReminder.state == ReminderState.SENDING,
        )
        .values(lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult


async def mark_sent(*, session: AsyncSession, reminder_id: int, worker: str, now: datetime) -> bool:
    """Mark the worker's reminder sent; False when another worker took it over meanwhile."""
    result = await session.execute(
        update(JkpReminder)
        .where(
            JkpReminder.id == reminder_id,
            JkpReminder.claimed_by == worker,
            JkpReminder.state.in_((ReminderState.SENDING, ReminderState.IN_DOUBT)),
        )
        .values(state=ReminderState.SENT, sent_at=now, lease_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult


async def release(
    *,
    session: AsyncSession,
    reminder_id: int,
    worker: str,
    not_before: datetime,
    error: str,
) -> None:
    """Give the worker's reminder back for another try at `not_before` (and a new job)."""
    await session.execute(
        update(JkpReminder)
        .where(
            JkpReminder.id == reminder_id,
            JkpReminder.claimed_by == worker,
            JkpReminder.state == ReminderState.SENDING,
        )
        .values(
            state=ReminderState.PENDING,
            not_before=not_before,
            lease_until=None,
            claimed_by=None,
            job_id=None,
            last_error=error[:ERROR_MAX],
        )
        .execution_options(synchronize_session=False)
    )


async def finish(
    *,
    session: AsyncSession,
    reminder_id: int,
    worker: str,
    state: ReminderState,
    error: str | None = None,
) -> None:
    """Put the worker's reminder in a final state (skipped, failed, cancelled, in doubt)."""
    await session.execute(
        update(JkpReminder)
        .where(
            JkpReminder.id == reminder_id,
            JkpReminder.claimed_by == worker,
            JkpReminder.state == ReminderState.SENDING,
        )
        .values(state=state, lease_until=None, last_error=error[:ERROR_MAX] if error else None)
        .execution_options(synchronize_session=False)
    )


async def complete_if_done(*, session: AsyncSession, subscription_id: int, now: datetime) -> None:
    """End a subscription whose reminders are all handled (the cycle is over)."""
    waiting = await session.scalar(
        select(JkpReminder.id)
        .where(
            JkpReminder.subscription_id == subscription_id,
            JkpReminder.state.in_(OPEN_STATES),
        )
        .limit(1)
    )
    if waiting is not None:
        return
    await session.execute(
        update(JkpSubscription)
        .where(JkpSubscription.id == subscription_id, JkpSubscription.state == ACTIVE)
        .values(state=ENDED, ended_reason=EndReason.COMPLETED, ended_at=now)
        .execution_options(synchronize_session=False)
    )
