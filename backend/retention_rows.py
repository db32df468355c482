"""The rows side of `backend.retention`: the tables' rows kept no longer, deleted in batches.

Each kind is deleted in batches of `BATCH` rows, each its own short transaction, and every
DELETE states its condition again (a row that changed since it was chosen, a held message just
released, stays). Deleting is idempotent, so any number of workers may purge at once.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from backend.db.channels import ExpiringKey
from backend.db.links import LinkAttempt
from backend.db.outbox import OutboxMessage
from backend.db.whatsapp import Contact, InboxEvent, MessageState, OutboundMessage
from backend.services.base import Sessions

BATCH = 500
"""Rows deleted per transaction, and file ids asked about per query."""
WHATSAPP_DELIVERY = timedelta(days=30)
"""How long WhatsApp tries to deliver a message: a `sent` one is kept at least this long."""
FINISHED = (MessageState.DELIVERED, MessageState.READ, MessageState.FAILED)
WAITING = (MessageState.QUEUED, MessageState.HELD)


async def _delete_in_batches(
    sessions: Sessions,
    key: InstrumentedAttribute[Any],
    condition: ColumnElement[bool],
    *,
    batch_size: int,
) -> int:
    """Delete the rows meeting `condition`, `batch_size` at a time; return how many."""
    model = key.class_
    total = 0
    while True:
        async with sessions.begin() as session:
            chosen = select(key).where(condition).order_by(key).limit(batch_size)
            result = await session.execute(
                delete(model)
                .where(key.in_(chosen.scalar_subquery()), condition)
                .execution_options(synchronize_session=False)
            )
        count = int(getattr(result, "rowcount", 0) or 0)
        total += count
        if count < batch_size:
            return total
        await asyncio.sleep(0)  # let the worker's other loops run between batches


async def purge_inbox(
    *, sessions: Sessions, now: datetime, older_than: timedelta, batch_size: int = BATCH
) -> int:
    """Delete WhatsApp webhook events processed more than `older_than` ago; return how many.

    Events not processed yet (or being retried) are never deleted.
    """
    condition = and_(
        InboxEvent.processed_at.is_not(None), InboxEvent.processed_at < now - older_than
    )
    return await _delete_in_batches(sessions, InboxEvent.id, condition, batch_size=batch_size)


async def purge_whatsapp_messages(
    *, sessions: Sessions, now: datetime, older_than: timedelta, batch_size: int = BATCH
) -> int:
    """Delete WhatsApp messages finished more than `older_than` ago; return how many.

    Delivered, read and failed messages go by `updated_at`; messages still `sent` (no status
    yet) are kept at least `WHATSAPP_DELIVERY`, as a late `failed` status must find them;
    queued and held messages are never deleted.
    """
    sent_older_than = max(older_than, WHATSAPP_DELIVERY)
    condition = or_(
        and_(
            OutboundMessage.state.in_(FINISHED),
            OutboundMessage.updated_at < now - older_than,
        ),
        and_(
            OutboundMessage.state == MessageState.SENT,
            OutboundMessage.updated_at < now - sent_older_than,
        ),
    )
    return await _delete_in_batches(sessions, OutboundMessage.id, condition, batch_size=batch_size)


async def purge_whatsapp_contacts(
    *, sessions: Sessions, now: datetime, older_than: timedelta, batch_size: int = BATCH
) -> int:
    """Delete WhatsApp contacts silent both ways for more than `older_than`; return how many.

    A contact with a message queued or held for them is kept (its `template_sent_at` says
    whether they were already asked to reply).
    """
    cutoff = now - older_than
    condition = and_(
        or_(Contact.last_inbound_at.is_(None), Contact.last_inbound_at < cutoff),
        or_(Contact.template_sent_at.is_(None), Contact.template_sent_at < cutoff),
        ~exists().where(OutboundMessage.wa_id == Contact.wa_id, OutboundMessage.state.in_(WAITING)),
    )
    return await _delete_in_batches(sessions, Contact.wa_id, condition, batch_size=batch_size)


async def purge_outbox(
    *, sessions: Sessions, now: datetime, older_than: timedelta, batch_size: int = BATCH
) -> int:
    """Delete outbox messages sent more than `older_than` ago; return how many.

    Unsent messages (the worker still tries them) are never deleted.
    """
    condition = and_(OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < now - older_than)
    return await _delete_in_batches(sessions, OutboxMessage.id, condition, batch_size=batch_size)


async def purge_link_attempts(
    *, sessions: Sessions, now: datetime, older_than: timedelta, batch_size: int = BATCH
) -> int:
    """Delete tries at linking made more than `older_than` ago; return how many."""
    condition = LinkAttempt.attempted_at < now - older_than
    return await _delete_in_batches(sessions, LinkAttempt.id, condition, batch_size=batch_size)


async def purge_expiring_keys(*, sessions: Sessions, now: datetime, batch_size: int = BATCH) -> int:
    """Delete the expired rows of `expiring_key` (they count as absent already)."""
    condition = ExpiringKey.expires_at <= now
    return await _delete_in_batches(sessions, ExpiringKey.key, condition, batch_size=batch_size)
