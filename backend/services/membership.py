"""`MembershipService` over the participants registry."""

from __future__ import annotations

from backend import links
from backend.registry import SqlParticipantRegistry
from backend.services.base import Sessions, person, unit_of_work
from dialogues.services_identity import Membership, PaidMonth


class SqlMembership:
    """The linked participant's membership, contributions and JHT balance."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def summary(self, channel: str, user_id: str) -> Membership | None:
        """Return the linked participant's membership summary, or None when not linked."""
        async with unit_of_work(self._sessions) as session:
            participant_id = await links.linked_participant_id(
                session=session, channel=channel, channel_user_id=user_id
            )
            if participant_id is None:
                return None
            found = await SqlParticipantRegistry(session).membership_summary(participant_id)
        if found is None:
            return None
        return Membership(
            person=person(found.participant),
            active=found.active,
            recent=tuple(PaidMonth(c.month, c.amount) for c in found.recent_contributions),
            jht_balance=found.jht_balance,
            jht_balance_as_of=found.jht_balance_as_of,
        )
