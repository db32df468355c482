"""Sending one due JKP reminder, at most once: claim the row, send with its key, mark it.

`ReminderDispatcher.deliver(reminder_id)` is the whole job, whichever queue runs it
(`backend.reminders.queue`):

1. **Claim** the row (`leases.claim`): one worker gets it, leased for `lease`.
2. **Decide** with the subscription as it is now: ended -> cancelled; the user blocked the
   bot (`backend.reachability`, marked by the channels) -> skipped, and the subscription ends
   (marking already ends it; this catches a mark that predates the subscription, say one
   whose "unblocked" update never came); the claim date already past -> skipped; the
   quiet hours (21:00-08:00 local) -> given back until 08:00.
3. **Render** the text in the subscription's language, naming only the duties still missing.
4. **Send**: wait for the channel's slot (`gate`), renew the lease (if another worker took
   the row over, stop), hand the message to the channel's sender with the row's
   `idempotency_key`. A 429's `retry_after` holds the whole channel (every process, on
   PostgreSQL) and the same message is tried again after it; another error that retrying may
   fix gives the row back with exponential backoff; one it won't fix fails it.
5. **Mark** it sent.

A worker killed between 4 and 5 leaves the row `sending` with a lease that runs out; the
next claim finds it *in doubt*: it may or may not have reached the user. On a channel that
drops a repeated idempotency key (`resend_in_doubt`: the REST callback with its
`Idempotency-Key` header, WhatsApp whose queue keeps one message per key) it is sent again
with the same key: the channel keeps one, so the user gets it exactly once. On a channel that
can't (Telegram's Bot API takes no key) sending again could repeat it, so it is marked
`in_doubt` and not sent: at most once. Only the sends in flight at the moment of the crash
(at most `concurrency` per process) can be in doubt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.reminders import ACTIVE, JkpSubscription
from backend.delivery.senders import OutgoingMessage, SenderRegistry
from backend.errors import SendError
from backend.reachability import Reachability
from backend.reminders import leases, store
from backend.reminders.gate import RateGate
from backend.reminders.leases import Claimed
from dialogues.i18n import Catalogs, use_language
from dialogues.jkp_texts import reminder_text
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_duties import month_progress
from dialogues.rules.jkp_schedule import LAST_MONTH, after_quiet_hours, in_quiet_hours

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
KIND_PREFIX = "jkp_reminder"
"""Messages are of kind `jkp_reminder.early` / `jkp_reminder.last_day` (WhatsApp templates)."""


class Delivered(StrEnum):
    """What became of one reminder."""

    SENT = "sent"
    NOT_CLAIMED = "not_claimed"
    RETRY = "retry"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"
    IN_DOUBT = "in_doubt"


@dataclass(frozen=True, slots=True)
class DispatchOptions:
    """How reminders are leased and retried."""

    lease: timedelta = timedelta(seconds=60)
    retry_base: timedelta = timedelta(seconds=30)
    retry_max: timedelta = timedelta(hours=1)
    max_attempts: int = 10
    rate_limited_tries: int = 5
    resend_in_doubt: frozenset[str] = field(default_factory=lambda: frozenset({"rest", "whatsapp"}))

    def backoff(self, attempts: int) -> timedelta:
        """Return the pause after the `attempts`-th failed try."""
        growth: int = 2 ** max(attempts - 1, 0)
        return min(self.retry_base * growth, self.retry_max)


class ReminderDispatcher:
    """Sends due reminders through the channels' senders, one `deliver` per reminder."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        senders: SenderRegistry,
        catalogs: Catalogs,
        reachability: Reachability,
        gate: RateGate,
        clock: Clock,
        worker: str,
        options: DispatchOptions | None = None,
    ) -> None:
        self._sessions = sessions
        self._senders = senders
        self._catalogs = catalogs
        self._reachability = reachability
        self._gate = gate
        self._clock = clock
        self._worker = worker
        self._options = options or DispatchOptions()

    @property
    def channels(self) -> Collection[str]:
        """The channels this worker can send on (rows of others wait)."""
        return list(self._senders)

    @property
    def options(self) -> DispatchOptions:
        """How reminders are leased and retried."""
        return self._options

    async def deliver(self, reminder_id: int) -> Delivered:
        """Claim, send and mark one reminder; say what became of it."""
        claimed = await self._claim(reminder_id)
        if claimed is None:
            return Delivered.NOT_CLAIMED
        row, text = claimed
        decided = await self._decide(row, text)
        if decided is not None:
            return decided
        message = OutgoingMessage(
            channel=row.channel,
            recipient=row.recipient,
            text=text or "",
            idempotency_key=row.idempotency_key,
            kind=f"{KIND_PREFIX}.{row.kind}",
            language=row.language,
        )
        return await self._send(row, message)

    async def _claim(self, reminder_id: int) -> tuple[Claimed, str | None] | None:
        """Claim the reminder and render its text as of now (None: no such duty month)."""
        async with self._sessions.begin() as session:
            row = await leases.claim(
                session=session,
                reminder_id=reminder_id,
                worker=self._worker,
                now=self._clock(),
                lease=self._options.lease,
            )
            if row is None:
                return None
            duties = await store.duties_of(session=session, subscription_id=row.subscription_id)
        today = self._clock().astimezone(ZoneInfo(row.timezone)).date()
        progress = month_progress(row.first_date, row.month, duties)
        if progress is None:
            return row, None
        with use_language(self._catalogs, row.language):
            return row, reminder_text(row.kind, progress, today)

    async def _decide(self, row: Claimed, text: str | None) -> Delivered | None:
        """Return what to do instead of sending, or None to send."""
        now = self._clock()
        zone = ZoneInfo(row.timezone)
        if row.in_doubt and row.channel not in self._options.resend_in_doubt:
            log.warning(
                "reminder %d was being sent by a worker that died: in doubt, not sent again "
                "(the %s channel can't drop a repeat)",
                row.id,
                row.channel,
            )
            await self._finish(row, ReminderState.IN_DOUBT, "the worker sending it died")
            return Delivered.IN_DOUBT
        if not row.active:
            await self._finish(row, ReminderState.CANCELLED, "subscription ended")
            return Delivered.CANCELLED
        if text is None:
            await self._finish(row, ReminderState.FAILED, f"no duty month {row.month}")
            return Delivered.FAILED
        progress = month_progress(row.first_date, row.month, ())
        if progress is not None and now.astimezone(zone).date() > progress.month.claim_date:
            await self._finish(row, ReminderState.SKIPPED, "the claim date has passed")
            return Delivered.SKIPPED
        if in_quiet_hours(now, zone):
            await self._release(row, after_quiet_hours(now, zone), "quiet hours")
            return Delivered.RETRY
        if row.channel not in self._senders:
            await self._release(row, now + self._options.retry_max, "no sender for the channel")
            return Delivered.RETRY
        if row.unreachable:  # read with the claim, from the channels' `unreachable_chat`
            await self._blocked(row)
            return Delivered.SKIPPED
        return None

    async def _send(self, row: Claimed, message: OutgoingMessage) -> Delivered:
        error: SendError | None = None
        lease = self._options.lease
        claimed_at = row.lease_until - lease
        for _ in range(self._options.rate_limited_tries):
            await self._gate.wait_turn(row.channel)
            # The lease is renewed right before the send, unless it was just taken: a worker
            # slower than its lease must not send what another worker has taken over.
            if self._clock() - claimed_at > lease / 4 and not await self._renew(row):
                log.warning("reminder %d was taken over by another worker: not sent", row.id)
                return Delivered.NOT_CLAIMED
            try:
                await self._senders[row.channel].send(message)
            except SendError as failure:
                error = failure
                if failure.retry_after is not None:
                    await self._gate.hold(row.channel, failure.retry_after)
                    continue
                return await self._failed(row, failure)
            except Exception as failure:  # a sender's bug must not stop the others
                log.exception("reminder %d: the %s sender failed", row.id, row.channel)
                return await self._failed(row, SendError(f"{type(failure).__name__}: {failure}"))
            async with self._sessions.begin() as session:
                await leases.mark_sent(
                    session=session, reminder_id=row.id, worker=self._worker, now=self._clock()
                )
                if row.month == LAST_MONTH:
                    await leases.complete_if_done(
                        session=session, subscription_id=row.subscription_id, now=self._clock()
                    )
            return Delivered.SENT
        wait = error.retry_after if error and error.retry_after else self._options.retry_base
        await self._release(row, self._clock() + wait, f"rate limited: {error}")
        return Delivered.RETRY

    async def _renew(self, row: Claimed) -> bool:
        async with self._sessions.begin() as session:
            renewed = await leases.renew(
                session=session,
                reminder_id=row.id,
                worker=self._worker,
                now=self._clock(),
                lease=self._options.lease,
            )
        return renewed

    async def _failed(self, row: Claimed, error: SendError) -> Delivered:
        if not error.retryable:
            if await self._unreachable(row):
                await self._blocked(row)
                return Delivered.SKIPPED
            await self._finish(row, ReminderState.FAILED, f"permanent: {error}")
            return Delivered.FAILED
        if row.attempts >= self._options.max_attempts:
            await self._finish(row, ReminderState.FAILED, f"gave up: {error}")
            return Delivered.FAILED
        wait = self._options.backoff(row.attempts)
        await self._release(row, self._clock() + wait, str(error))
        return Delivered.RETRY

    async def _unreachable(self, row: Claimed) -> bool:
        try:
            return await self._reachability.unreachable(row.channel, row.recipient)
        except Exception:
            log.exception("reachability unknown for reminder %d; sending anyway", row.id)
            return False

    async def _blocked(self, row: Claimed) -> None:
        """The user blocked the bot: skip this reminder and end every other one."""
        now = self._clock()
        async with self._sessions.begin() as session:
            await leases.finish(
                session=session,
                reminder_id=row.id,
                worker=self._worker,
                state=ReminderState.SKIPPED,
                error="the user blocked the bot",
            )
            fresh = await session.get(JkpSubscription, row.subscription_id, with_for_update=True)
            if fresh is not None and fresh.state == ACTIVE:
                await store.end_subscription(
                    session=session, subscription=fresh, reason=EndReason.BLOCKED, now=now
                )

    async def _finish(self, row: Claimed, state: ReminderState, error: str) -> None:
        async with self._sessions.begin() as session:
            await leases.finish(
                session=session, reminder_id=row.id, worker=self._worker, state=state, error=error
            )
            if row.month == LAST_MONTH:
                await leases.complete_if_done(
                    session=session, subscription_id=row.subscription_id, now=self._clock()
                )

    async def _release(self, row: Claimed, not_before: datetime, error: str) -> None:
        async with self._sessions.begin() as session:
            await leases.release(
                session=session,
                reminder_id=row.id,
                worker=self._worker,
                not_before=not_before,
                error=error,
            )
