"""What every database-backed service shares: one unit of work per call, errors mapped.

Each call of a service opens its own session from the runtime's sessionmaker, commits when it
returns and rolls back when it raises. Database and file-system failures become the port's
own `ServiceUnavailable` here, at the boundary, without the driver's message (it may quote a
NIK or an account number).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.registry import ParticipantRecord
from dialogues.errors import ServiceUnavailable
from dialogues.services_identity import Person, mask

Sessions = async_sessionmaker[AsyncSession]


@asynccontextmanager
async def unit_of_work(sessions: Sessions) -> AsyncIterator[AsyncSession]:
    """Yield a session in a transaction committed at the end; map database errors."""
    try:
        async with sessions.begin() as session:
            yield session
    except (SQLAlchemyError, OSError) as error:
        raise ServiceUnavailable(f"database: {type(error).__name__}") from error


def person(record: ParticipantRecord) -> Person:
    """Return a registry record as the flows may see it (the KPJ masked)."""
    return Person(
        name=record.name,
        masked_kpj=mask(record.kpj),
        birth_date=record.birth_date,
        segment=record.segment,
        membership_start=record.membership_start,
        active=record.membership_status.value == "active",
        programs=record.programs,
    )
