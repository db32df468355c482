"""The inbox: webhook events written before the 200, processed after, each once.

`add` keeps each event of a webhook call as a `whatsapp_inbox` row, unique by its key (a
message's id; a status's message id and status), in one transaction: a redelivered message
adds nothing, so it is answered once, whichever process received it. The shared
`ExpiringKeys` (Redis or the `expiring_key` table, as Telegram's updates) remembers the keys
of events already kept, so a redelivery costs no write; the unique key stays the guarantee.
A key is remembered only after its row is committed: remembering it first would lose the
event if the write then failed.

`claim` leases due rows to one consumer: only the oldest unprocessed event of each user
(their messages are answered in order), `FOR UPDATE SKIP LOCKED` on PostgreSQL. A consumer
that dies leaves its lease to expire, and the event is processed again after (at least
once). `finish`, `retry_later`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from backend.db.whatsapp import InboxEvent
from backend.errors import StorageUnavailable
from backend.expiring import ExpiringKeys
from bot.whatsapp.outbound import insert_for
from bot.whatsapp.payloads import Event, to_record

log = logging.getLogger(__name__)

KEY_PREFIX = "whatsapp:"
KEY_TTL = timedelta(days=7)
"""WhatsApp redelivers an unanswered webhook for up to 7 days."""
ERROR_MAX = 500

Clock = Callable[[], datetime]


class Inbox:
    """The webhook events waiting to be processed."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        keys: ExpiringKeys | None = None,
        lease: timedelta = timedelta(minutes=2),
        base_backoff: timedelta = timedelta(seconds=10),
        max_backoff: timedelta = timedelta(hours=1),
        max_attempts: int = 10,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._keys = keys
        self._lease = lease
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self._max_attempts = max_attempts

    async def add(self, events: Sequence[Event]) -> int:
        """Keep the events not kept before, in one transaction; return how many were new."""
        fresh = [event for event in events if not await self._known(event.key)]
        if not fresh:
            return 0
        now = self._clock()
        kept: list[str] = []
        async with self._sessions.begin() as session:
            insert = insert_for(session)
            for event in fresh:
                result = await session.execute(
                    insert(InboxEvent)
                    .values(
                        event_key=event.key,
                        wa_id=event.wa_id,
                        payload=to_record(event),
                        received_at=now,
                        attempts=0,
                        next_attempt_at=now,
                    )
                    .on_conflict_do_nothing(index_elements=[InboxEvent.event_key])
                    .returning(InboxEvent.id)
                )
                if result.first() is not None:
                    kept.append(event.key)
        for key in kept:
            await self._remember(key)
        return len(kept)

    async def _known(self, key: str) -> bool:
        if self._keys is None:
            return False
        try:
            return await self._keys.get(KEY_PREFIX + key) is not None
        except StorageUnavailable:
            return False  # the unique key still keeps a redelivery out

    async def _remember(self, key: str) -> None:
        if self._keys is None:
            return
        try:
            await self._keys.add(KEY_PREFIX + key, KEY_TTL)
        except StorageUnavailable:
            log.warning("could not remember a kept whatsapp event; the table still dedupes")

    async def claim(self, limit: int) -> list[InboxEvent]:
        """Lease up to `limit` due events, the oldest unprocessed one of each user."""
        now = self._clock()
        earlier = aliased(InboxEvent)
        async with self._sessions.begin() as session:
            candidates = (
                await session.scalars(
                    select(InboxEvent.id)
                    .where(
                        InboxEvent.processed_at.is_(None),
                        InboxEvent.next_attempt_at <= now,
                        ~exists().where(
                            and_(
                                earlier.wa_id == InboxEvent.wa_id,
                                earlier.processed_at.is_(None),
                                earlier.id < InboxEvent.id,
                            )
                        ),
                    )
                    .order_by(InboxEvent.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True, of=InboxEvent)
                )
            ).all()
            if not candidates:
                return []
            leased = await session.scalars(
                update(InboxEvent)
                .where(
                    InboxEvent.id.in_(candidates),
                    InboxEvent.processed_at.is_(None),
                    InboxEvent.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + self._lease, attempts=InboxEvent.attempts + 1)
                .returning(InboxEvent)
                .execution_options(synchronize_session=False)
            )
            return sorted(leased.all(), key=lambda row: row.id)

    async def finish(self, session: AsyncSession, event_id: int) -> None:
        """Mark the event processed, in the caller's transaction."""
        await session.execute(
            update(InboxEvent)
            .where(InboxEvent.id == event_id)
            .values(processed_at=self._clock(), last_error=None)
            .execution_options(synchronize_session=False)
        )

    async def retry_later(self, event: InboxEvent, error: str) -> None:
        """Try the event again after a pause; give up (processed, with the error) at last."""
        now = self._clock()
        values: dict[str, object] = {"last_error": error[:ERROR_MAX]}
        if event.attempts >= self._max_attempts:
            log.error("whatsapp event %s given up after %d tries", event.event_key, event.attempts)
            values["processed_at"] = now
        else:
            growth: int = 2 ** max(event.attempts - 1, 0)
            wait = min(self._base_backoff * growth, self._max_backoff)
            values["next_attempt_at"] = now + wait
        async with self._sessions.begin() as session:
            await session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == event.id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
