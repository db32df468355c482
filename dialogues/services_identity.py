"""The ports of the registry's people (`dialogues.services`): who a chat user is linked to,
and that participant's membership; `mask` hides a personal number but its last digits.

Their in-memory twins are in `dialogues.memory_identity`; `backend.services.identity` and
`backend.services.membership` implement them over the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from dialogues.rules.facts import Segment
from nlu import Program


def mask(number: str, shown: int = 4) -> str:
    """Return a personal number with all but its last `shown` digits hidden: `*******1234`."""
    return "*" * max(len(number) - shown, 0) + number[-shown:]


# --- Identity ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """The participant a chat user is linked to, as the flows may see them."""

    name: str
    masked_kpj: str
    birth_date: date
    segment: Segment
    membership_start: date
    active: bool
    programs: tuple[Program, ...]

    def __repr__(self) -> str:
        return f"Person(segment={self.segment!r}, active={self.active!r})"


@dataclass(frozen=True, slots=True)
class Linked:
    """The details matched: the chat user is now linked to this person."""

    person: Person


@dataclass(frozen=True, slots=True)
class WrongDetails:
    """KPJ, NIK and birth date don't match one participant; `tries_left` before the lock."""

    tries_left: int


@dataclass(frozen=True, slots=True)
class LinkLocked:
    """Too many wrong tries: linking is refused until `until`."""

    until: datetime


LinkResult = Linked | WrongDetails | LinkLocked


@dataclass(frozen=True, slots=True)
class LinkState:
    """Who a chat user is linked to (`person`), else until when linking is locked, if it is."""

    person: Person | None
    locked_until: datetime | None = None


class IdentityService(Protocol):
    """Links a chat user to a participant by KPJ, NIK and birth date; 3 misses lock it."""

    async def link(
        self, channel: str, user_id: str, *, kpj: str, nik: str, birth_date: date, now: datetime
    ) -> LinkResult:
        """Check the details (well-formed already) and link the chat user when they match."""
        ...

    async def unlink(self, channel: str, user_id: str) -> bool:
        """Undo the chat user's link; tell whether there was one."""
        ...

    async def linked(self, channel: str, user_id: str) -> Person | None:
        """Return the person the chat user is linked to, or None."""
        ...

    async def locked_until(self, channel: str, user_id: str, now: datetime) -> datetime | None:
        """Return when the chat user's linking lock ends, or None when they may try."""
        ...

    async def link_state(self, channel: str, user_id: str, *, now: datetime) -> LinkState:
        """Return `linked` and, only when that is None, `locked_until`: asked at once."""
        ...


# --- Membership --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaidMonth:
    """What was paid for one month (its first day), all programs together, in rupiah."""

    month: date
    amount: int


@dataclass(frozen=True, slots=True)
class Membership:
    """Active or not, the latest contributions (newest first), the JHT balance."""

    person: Person
    active: bool
    recent: tuple[PaidMonth, ...]
    jht_balance: int | None
    jht_balance_as_of: date | None


class MembershipService(Protocol):
    """Reads the membership of the participant a chat user is linked to."""

    async def summary(self, channel: str, user_id: str) -> Membership | None:
        """Return the linked participant's membership, or None when not linked."""
        ...
