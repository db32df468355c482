"""`jamsos worker`: deliver the outbox at least once, each message to its channel's sender.

One round (`deliver_due`):

1. **Claim** up to `batch_size` due rows (`sent_at` null, `next_attempt_at` passed, a channel
   that has a sender) in a short transaction: `SELECT ... FOR UPDATE SKIP LOCKED` on
   PostgreSQL, so concurrent workers take disjoint rows, then an UPDATE that leases them
   (`next_attempt_at = now + lease`, `attempts + 1`) and re-checks they are still due, so a
   row is leased to one worker only. SQLite renders no SKIP LOCKED (library-fit §4): run a
   single worker there (the re-check still keeps two from sending the same row at once).
2. **Send** each: the text rendered from kind and payload in the row's language
   (`dialogues.notices`), the dedupe key passed as the idempotency key.
3. **Mark** each sent in its own short transaction right after its send; a failure instead
   sets `last_error` and `next_attempt_at` by exponential backoff (`base_backoff` doubling,
   at most `max_backoff`; a failure that retrying won't fix waits `give_up_backoff`; a
   channel's own `retry_after`, Telegram's 429, is waited instead).

A worker that dies between claiming and marking leaves its rows leased: they are due again
once the lease ends, and another worker sends them (at least once: the one being sent at the
crash may go out twice, with the same idempotency key). No transaction is held open while
sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.outbox import OutboxMessage
from backend.delivery.senders import OutgoingMessage, SenderRegistry
from backend.errors import SendError
from dialogues.i18n import Catalogs, use_language
from dialogues.notices import UnknownNotice, render_notice

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
ERROR_MAX = 500


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How the worker claims and retries."""

    batch_size: int = 20
    lease: timedelta = timedelta(minutes=2)
    base_backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(hours=1)
    give_up_backoff: timedelta = timedelta(hours=24)

    def backoff(self, attempts: int, *, retryable: bool) -> timedelta:
        """Return how long to wait after the `attempts`-th failed try."""
        if not retryable:
            return self.give_up_backoff
        growth: int = 2 ** max(attempts - 1, 0)
        return min(self.base_backoff * growth, self.max_backoff)


@dataclass(frozen=True, slots=True)
class RoundReport:
    """What one round did."""

    claimed: int
    sent: int
    failed: int


async def claim_due(
    *,
    session: AsyncSession,
    channels: Collection[str],
    now: datetime,
    limit: int,
    lease: timedelta,
) -> list[OutboxMessage]:
    """Lease up to `limit` due messages of `channels` to the caller; return them.

    Runs in the session's transaction: commit it at once, before sending.
    """
    if not channels or limit <= 0:
        return []
    candidates = (
        await session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.channel.in_(channels),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not candidates:
        return []
    leased = await session.scalars(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(candidates),
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False)
    )
    return sorted(leased.all(), key=lambda row: (row.created_at, row.id))


async def deliver_due(
    *,
    sessions: async_sessionmaker[AsyncSession],
    senders: SenderRegistry,
    catalogs: Catalogs,
    clock: Clock,
    options: WorkerOptions | None = None,
) -> RoundReport:
    """Claim one batch of due messages, send each and mark it; return what happened."""
    options = options or WorkerOptions()
    async with sessions.begin() as session:
        rows = await claim_due(
            session=session,
            channels=list(senders),
            now=clock(),
            limit=options.batch_size,
            lease=options.lease,
        )
    sent = failed = 0
    for row in rows:
        error = await _send(row, senders, catalogs)
        async with sessions.begin() as session:
            if error is None:
                await _mark_sent(session, row, clock())
                sent += 1
            else:
                await _reschedule(session, row, error, clock(), options)
                failed += 1
    return RoundReport(claimed=len(rows), sent=sent, failed=failed)


async def run(
    *,
    sessions: async_sessionmaker[AsyncSession],
    senders: SenderRegistry,
    catalogs: Catalogs,
    clock: Clock,
    poll_seconds: float,
    stop: asyncio.Event,
    options: WorkerOptions | None = None,
) -> None:
    """Deliver until `stop` is set: a full batch is followed at once by the next round,
    otherwise the worker waits `poll_seconds` (or less, if stopped)."""
    options = options or WorkerOptions()
    while not stop.is_set():
        report = await deliver_due(
            sessions=sessions, senders=senders, catalogs=catalogs, clock=clock, options=options
        )
        if report.claimed:
            log.info(
                "outbox round: %d claimed, %d sent, %d failed",
                report.claimed,
                report.sent,
                report.failed,
            )
        if report.claimed >= options.batch_size:
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=poll_seconds)


async def _send(
    row: OutboxMessage, senders: SenderRegistry, catalogs: Catalogs
) -> SendError | None:
    try:
        with use_language(catalogs, row.language):
            text = render_notice(row.kind, row.payload)
    except UnknownNotice as error:
        log.error("outbox message %d can't be rendered: %s", row.id, error)
        return SendError(str(error), retryable=False)
    message = OutgoingMessage(
        channel=row.channel,
        recipient=row.recipient,
        text=text,
        idempotency_key=row.dedupe_key,
        kind=row.kind,
        language=row.language,
    )
    try:
        await senders[row.channel].send(message)
    except SendError as error:
        log.warning("outbox message %d (%s) not sent: %s", row.id, row.kind, error)
        return error
    except Exception as error:  # a sender's bug must not stop the others' delivery
        log.exception("outbox message %d (%s): the %s sender failed", row.id, row.kind, row.channel)
        return SendError(f"{type(error).__name__}: {error}")
    return None


async def _mark_sent(session: AsyncSession, row: OutboxMessage, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.sent_at.is_(None))
        .values(sent_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )


async def _reschedule(
    session: AsyncSession,
    row: OutboxMessage,
    error: SendError,
    now: datetime,
    options: WorkerOptions,
) -> None:
    prefix = "" if error.retryable else "permanent: "
    # The channel said when to try again (Telegram's 429 retry_after): then, not by backoff.
    delay = error.retry_after or options.backoff(row.attempts, retryable=error.retryable)
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.sent_at.is_(None))
        .values(
            next_attempt_at=now + delay,
            last_error=(prefix + str(error))[:ERROR_MAX],
        )
        .execution_options(synchronize_session=False)
    )
