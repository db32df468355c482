"""The `whatsapp_message` rows: messages to users added, leased one at a time, moved on.

SQL only, with the time given: `bot.whatsapp.delivery` decides what becomes of a row (sent,
held, waiting, failed) and records it here. A row is leased while it is being sent
(`next_attempt_at` moved ahead, `attempts` counted), so two processes never send the same row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import MessageState, OutboundMessage
from bot.whatsapp.errors import WhatsAppError
from bot.whatsapp.render import Outgoing

ERROR_MAX = 500
KEY_MAX = 200

Sessions = async_sessionmaker[AsyncSession]


def insert_for(session: AsyncSession) -> Any:
    """Return the `insert` of the session's dialect (both know ON CONFLICT DO NOTHING)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def add(
    session: AsyncSession,
    *,
    now: datetime,
    wa_id: str,
    kind: str,
    language: str,
    messages: Sequence[Outgoing],
    dedupe_key: str | None = None,
) -> int:
    """Queue messages in the session's transaction, due `now`; return how many were new.

    With `dedupe_key`, queueing the same messages again adds nothing.
    """
    added = 0
    insert = insert_for(session)
    for number, message in enumerate(messages):
        key = _bounded(f"{dedupe_key}#{number}") if dedupe_key is not None else None
        values = {
            "wa_id": wa_id,
            "kind": kind,
            "language": language,
            "body": message.model_dump(mode="json", exclude_defaults=True),
            "state": MessageState.QUEUED,
            "dedupe_key": key,
            "created_at": now,
            "updated_at": now,
            "attempts": 0,
            "next_attempt_at": now,
        }
        statement = insert(OutboundMessage).values(**values)
        if key is not None:
            statement = statement.on_conflict_do_nothing(
                index_elements=[OutboundMessage.dedupe_key]
            )
        result = await session.execute(statement.returning(OutboundMessage.id))
        added += result.first() is not None
    return added


async def release_held(session: AsyncSession, wa_id: str, *, now: datetime) -> int:
    """Queue the user's held messages again, due `now`; return how many."""
    released = await session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.wa_id == wa_id, OutboundMessage.state == MessageState.HELD)
        .values(state=MessageState.QUEUED, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    count: int = released.rowcount  # type: ignore[attr-defined]  # a CursorResult
    return count


async def due_users(sessions: Sessions, *, now: datetime, limit: int) -> Sequence[str]:
    """Return up to `limit` users with a due queued message, the longest waiting first."""
    async with sessions() as session:
        return (
            await session.scalars(
                select(OutboundMessage.wa_id)
                .where(
                    OutboundMessage.state == MessageState.QUEUED,
                    OutboundMessage.next_attempt_at <= now,
                )
                .group_by(OutboundMessage.wa_id)
                .order_by(func.min(OutboundMessage.id))
                .limit(limit)
            )
        ).all()


async def lease_next(
    sessions: Sessions, wa_id: str, *, now: datetime, lease: timedelta
) -> OutboundMessage | None:
    """Take the user's oldest queued message if it is due, leasing it to this process."""
    async with sessions.begin() as session:
        row = await session.scalar(
            select(OutboundMessage)
            .where(OutboundMessage.wa_id == wa_id, OutboundMessage.state == MessageState.QUEUED)
            .order_by(OutboundMessage.id)
            .limit(1)
            .with_for_update()
        )
        if row is None or row.next_attempt_at > now:
            return None  # nothing queued, or the oldest waits (or is being sent elsewhere)
        leased = await session.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.id == row.id,
                OutboundMessage.state == MessageState.QUEUED,
                OutboundMessage.next_attempt_at <= now,
            )
            .values(
                next_attempt_at=now + lease,
                attempts=OutboundMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if leased.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
            return None
        row.attempts += 1
        return row


async def record(
    sessions: Sessions,
    row: OutboundMessage,
    state: MessageState,
    *,
    now: datetime,
    wamid: str | None = None,
    error: WhatsAppError | None = None,
    note: str | None = None,
    next_attempt: timedelta | None = None,
) -> None:
    """Move the row to `state`, with WhatsApp's id, the error (or a note) and when it is due."""
    values: dict[str, Any] = {"state": state, "updated_at": now, "wamid": wamid}
    if error is not None:
        values |= {"error_code": error.code, "last_error": str(error)[:ERROR_MAX]}
    elif note is not None:
        values["last_error"] = note[:ERROR_MAX]
    values["next_attempt_at"] = now + next_attempt if next_attempt is not None else now
    async with sessions.begin() as session:
        await session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == row.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


async def by_wamid(sessions: Sessions, wamid: str) -> OutboundMessage | None:
    """Return the row WhatsApp knows by this id, if any."""
    async with sessions() as session:
        row: OutboundMessage | None = await session.scalar(
            select(OutboundMessage).where(OutboundMessage.wamid == wamid)
        )
        return row


def _bounded(key: str) -> str:
    """Return the key as it fits the column: a long one by its SHA-256."""
    if len(key) <= KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
