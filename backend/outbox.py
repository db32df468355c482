"""Queue a message to a worker in the caller's transaction; `jamsos worker` sends it later."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.outbox import OutboxMessage
from nlu import Language


def enqueue(
    *,
    session: AsyncSession,
    channel: str,
    recipient: str,
    language: Language,
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str,
    now: datetime,
) -> OutboxMessage:
    """Add a message to the outbox of the session's transaction (flushed with it).

    `dedupe_key` is unique: queueing the same news twice fails the transaction instead of
    messaging the worker twice.
    """
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        language=language,
        kind=kind,
        payload=payload,
        dedupe_key=dedupe_key,
        created_at=now,
        next_attempt_at=now,
        attempts=0,
    )
    session.add(message)
    return message
