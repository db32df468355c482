"""In-memory twins of the registry's people (`dialogues.services_identity`): members, the chat users
linked to them, and their membership summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialogues.rules.facts import Segment
from dialogues.services_identity import (
    Linked,
    LinkLocked,
    LinkResult,
    LinkState,
    Membership,
    PaidMonth,
    Person,
    WrongDetails,
    mask,
)
from nlu import Program

MAX_WRONG_TRIES = 3
LINK_LOCK = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Member:
    """A participant of the in-memory registry (tests and demos)."""

    kpj: str
    nik: str
    name: str
    birth_date: date
    segment: Segment = Segment.PU
    membership_start: date = date(2015, 1, 1)
    active: bool = True
    programs: tuple[Program, ...] = (Program.JHT, Program.JKK, Program.JKM)
    recent: tuple[PaidMonth, ...] = ()
    jht_balance: int | None = None
    jht_balance_as_of: date | None = None

    def person(self) -> Person:
        """Return the member as the flows see them."""
        return Person(
            name=self.name,
            masked_kpj=mask(self.kpj),
            birth_date=self.birth_date,
            segment=self.segment,
            membership_start=self.membership_start,
            active=self.active,
            programs=self.programs,
        )


class InMemoryIdentity:
    """Members and the chat users linked to them; 3 wrong tries in 15 minutes lock linking."""

    def __init__(self, members: Sequence[Member] = ()) -> None:
        self.members = {m.kpj: m for m in members}
        self.links: dict[tuple[str, str], str] = {}
        self._tries: dict[tuple[str, str], list[tuple[datetime, bool]]] = {}

    def member_of(self, channel: str, user_id: str) -> Member | None:
        """Return the member the chat user is linked to."""
        kpj = self.links.get((channel, user_id))
        return self.members.get(kpj) if kpj else None

    def _wrong_in_a_row(self, who: tuple[str, str], now: datetime) -> list[datetime]:
        wrong = []
        for at, succeeded in reversed(self._tries.get(who, [])):
            if succeeded or at <= now - LINK_LOCK:
                break
            wrong.append(at)
        return wrong

    async def locked_until(self, channel: str, user_id: str, now: datetime) -> datetime | None:
        """Return when the lock ends, or None."""
        wrong = self._wrong_in_a_row((channel, user_id), now)
        if len(wrong) >= MAX_WRONG_TRIES and wrong[0] + LINK_LOCK > now:
            return wrong[0] + LINK_LOCK
        return None

    async def link(
        self, channel: str, user_id: str, *, kpj: str, nik: str, birth_date: date, now: datetime
    ) -> LinkResult:
        """Link the chat user when all three details match one member."""
        until = await self.locked_until(channel, user_id, now)
        if until is not None:
            return LinkLocked(until)
        member = self.members.get(kpj)
        matches = member is not None and member.nik == nik and member.birth_date == birth_date
        self._tries.setdefault((channel, user_id), []).append((now, matches))
        if member is None or not matches:
            until = await self.locked_until(channel, user_id, now)
            if until is not None:
                return LinkLocked(until)
            return WrongDetails(
                MAX_WRONG_TRIES - len(self._wrong_in_a_row((channel, user_id), now))
            )
        self.links[(channel, user_id)] = kpj
        return Linked(member.person())

    async def unlink(self, channel: str, user_id: str) -> bool:
        """Forget the link."""
        return self.links.pop((channel, user_id), None) is not None

    async def linked(self, channel: str, user_id: str) -> Person | None:
        """Return the linked person."""
        member = self.member_of(channel, user_id)
        return member.person() if member else None

    async def link_state(self, channel: str, user_id: str, *, now: datetime) -> LinkState:
        """Return the linked person, else the lock's end."""
        person = await self.linked(channel, user_id)
        if person is not None:
            return LinkState(person)
        return LinkState(None, await self.locked_until(channel, user_id, now))


class InMemoryMembership:
    """Membership summaries of the in-memory registry."""

    def __init__(self, identity: InMemoryIdentity) -> None:
        self._identity = identity

    async def summary(self, channel: str, user_id: str) -> Membership | None:
        """Return the linked member's summary."""
        member = self._identity.member_of(channel, user_id)
        if member is None:
            return None
        return Membership(
            member.person(),
            member.active,
            member.recent,
            member.jht_balance,
            member.jht_balance_as_of,
        )
