"""`IdentityService` over the database: `backend.links` with the SQL participants registry."""

from __future__ import annotations

from datetime import date, datetime

from backend import links
from backend.errors import InvalidInput
from backend.registry import SqlParticipantRegistry
from backend.services.base import Sessions, person, unit_of_work
from dialogues.errors import ServiceError
from dialogues.services import Linked, LinkLocked, LinkResult, Person, WrongDetails


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
            participant_id = await links.linked_participant_id(
                session=session, channel=channel, channel_user_id=user_id
            )
            if participant_id is None:
                return None
            summary = await SqlParticipantRegistry(session).membership_summary(participant_id)
        return person(summary.participant) if summary is not None else None

    async def locked_until(self, channel: str, user_id: str, now: datetime) -> datetime | None:
        """Return when the chat user's linking lock ends."""
        async with unit_of_work(self._sessions) as session:
            return await links.locked_until(
                session=session, channel=channel, channel_user_id=user_id, now=now
            )
