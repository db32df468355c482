"""`IdentityService` over the database: `backend.links` with the SQL participants registry."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend import links
from backend.errors import InvalidInput
from backend.registry import SqlParticipantRegistry
from backend.services.base import Sessions, person, unit_of_work
from dialogues.errors import ServiceError
from dialogues.services_identity import (
    Linked,
    LinkLocked,
    LinkResult,
    LinkState,
    Person,
    WrongDetails,
)


async def _linked_person(session: AsyncSession, channel: str, user_id: str) -> Person | None:
    participant_id = await links.linked_participant_id(
        session=session, channel=channel, channel_user_id=user_id
    )
    if participant_id is None:
        return None
    record = await SqlParticipantRegistry(session).find_by_id(participant_id)
    return person(record) if record is not None else None


class SqlIdentity:
    """Links chat users to participants in `channel_link`, counting tries in `link_attempt`."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def link(
        self, channel: str, user_id: str, *, kpj: str, nik: str, birth_date: date, now: datetime
    ) -> LinkResult:
        """Check the details against the registry; link the chat user when they match."""
        async with unit_of_work(self._sessions) as session:
            try:
                outcome = await links.link(
                    session=session,
                    registry=SqlParticipantRegistry(session),
                    channel=channel,
                    channel_user_id=user_id,
                    kpj=kpj,
                    nik=nik,
                    birth_date=birth_date,
                    now=now,
                )
            except InvalidInput as error:
                # The flow checks the same first; reaching this is a bug, not a wrong try.
                raise ServiceError(f"malformed {error.field}") from error
        if isinstance(outcome, links.Linked):
            return Linked(person(outcome.participant))
        if isinstance(outcome, links.Locked):
            return LinkLocked(outcome.until)
        return WrongDetails(outcome.tries_left)

    async def unlink(self, channel: str, user_id: str) -> bool:
        """Undo the chat user's link."""
        async with unit_of_work(self._sessions) as session:
            return await links.unlink(session=session, channel=channel, channel_user_id=user_id)

    async def linked(self, channel: str, user_id: str) -> Person | None:
        """Return the person the chat user is linked to."""
        async with unit_of_work(self._sessions) as session:
            return await _linked_person(session, channel, user_id)

    async def locked_until(self, channel: str, user_id: str, now: datetime) -> datetime | None:
        """Return when the chat user's linking lock ends."""
        async with unit_of_work(self._sessions) as session:
            return await links.locked_until(
                session=session, channel=channel, channel_user_id=user_id, now=now
            )

    async def link_state(self, channel: str, user_id: str, *, now: datetime) -> LinkState:
        """Return the linked person, else the lock's end, in one transaction."""
        async with unit_of_work(self._sessions) as session:
            linked = await _linked_person(session, channel, user_id)
            if linked is not None:
                return LinkState(linked)
            until = await links.locked_until(
                session=session, channel=channel, channel_user_id=user_id, now=now
            )
        return LinkState(None, until)
