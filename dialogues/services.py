"""The services the personal flows need, as small Protocols: who the user is, their claims,
membership, tickets, uploaded files and digital card (JKP reminders: `dialogues.reminders`).

Each has an in-memory twin (`dialogues.memory`, `dialogues.memory_identity`,
`dialogues.memory_cases`; `dialogues.memory.in_memory_services` puts them together);
`backend.services` implements them over the database and `bot.wiring` hands them to the engine
(`FlowContext.services`). A chat user is always named by channel and user id. Values crossing a
port are plain frozen dataclasses, and personal numbers come back masked: a flow never holds a
full KPJ or bank account number it did not just read from the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from dialogues.memory_reminders import InMemoryReminders
from dialogues.messages import Attachment
from dialogues.reminders import ReminderService
from dialogues.rules import Decision, Facts
from dialogues.rules.facts import Segment
from dialogues.rules.uploads import UploadProblem
from nlu import Language, Program


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


# --- Claims ------------------------------------------------------------------------------------


class ClaimStage(StrEnum):
    """Where a claim stands (the values of `backend.claims.states.ClaimState`)."""

    SUBMITTED = "submitted"
    VERIFYING = "verifying"
    NEEDS_DOCUMENTS = "needs_documents"
    INTERVIEW_SCHEDULED = "interview_scheduled"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


FACE_PHOTO = "face_photo"
"""The kind of the recent front-facing photo a JHT claim needs (beside the document codes)."""


@dataclass(frozen=True, slots=True)
class ClaimFile:
    """One file for a claim: which document it is (a `Document` code or `face_photo`)."""

    kind: str
    file_id: str


@dataclass(frozen=True, slots=True)
class BankDetails:
    """Where the benefit is paid. The number is never shown whole, nor in a repr."""

    bank_name: str
    number: str
    holder: str

    @property
    def masked_number(self) -> str:
        """The account number with all but its last 4 digits hidden."""
        return mask(self.number)

    def __repr__(self) -> str:
        return f"BankDetails(bank_name={self.bank_name!r}, number={self.masked_number!r})"


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    """Everything a claim is filed with; `submission_key` makes a repeated filing one claim."""

    facts: Facts
    files: tuple[ClaimFile, ...]
    bank: BankDetails
    language: Language
    submission_key: str


@dataclass(frozen=True, slots=True)
class Filed:
    """The claim is filed (`created`), or was already filed with the same submission key."""

    reference: str
    created: bool


@dataclass(frozen=True, slots=True)
class NotClaimableYet:
    """The decision, made again at filing, says no or not yet."""

    decision: Decision


FileResult = Filed | NotClaimableYet


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """One of the user's claims: what, where it stands, since when."""

    reference: str
    program: Program
    stage: ClaimStage
    filed_at: datetime
    updated_at: datetime
    interview_at: datetime | None = None


class ClaimsService(Protocol):
    """Files and follows the claims of the participant a chat user is linked to."""

    async def file(
        self, channel: str, user_id: str, request: ClaimRequest, *, now: datetime
    ) -> FileResult:
        """File a claim (raises `NotLinked` when the chat user is not linked)."""
        ...

    async def claims_of(self, channel: str, user_id: str) -> tuple[ClaimSummary, ...]:
        """Return the linked participant's claims, newest first (none when not linked)."""
        ...

    async def claim(self, channel: str, user_id: str, reference: str) -> ClaimSummary | None:
        """Return one claim only if it is the linked participant's: else None, as if unknown."""
        ...

    async def cancel(
        self, channel: str, user_id: str, reference: str, *, now: datetime
    ) -> ClaimSummary | None:
        """Cancel one of the user's claims before verification; None when it isn't theirs.

        Raises `NotCancellable` when an officer has already taken it up.
        """
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


# --- Tickets and hand-off to people ----------------------------------------------------


class TicketKind(StrEnum):
    """Why a ticket is opened (the values of `backend.db.tickets.TicketKind`)."""

    COMPLAINT = "complaint"
    HUMAN_AGENT = "human_agent"


@dataclass(frozen=True, slots=True)
class OpenedTicket:
    """The ticket the user's request is in: new (`created`) or the one already open."""

    reference: str
    created: bool


class TicketService(Protocol):
    """Tickets for officers; while one is open a human owns the chat and the bot is silent."""

    async def open(
        self,
        channel: str,
        user_id: str,
        *,
        kind: TicketKind,
        language: Language,
        message: str,
        now: datetime,
    ) -> OpenedTicket:
        """Open a ticket with the user's message, handing the chat to a human."""
        ...

    async def human_owns(self, channel: str, user_id: str) -> bool:
        """Tell whether a human owns the chat user's conversation now."""
        ...

    async def keep_message(
        self, channel: str, user_id: str, text: str, *, files: tuple[Attachment, ...], now: datetime
    ) -> None:
        """Keep a message the bot does not answer, for the officer who owns the chat."""
        ...


# --- Uploaded files and the digital card -------------------------------------------------


class UploadStore(Protocol):
    """Keeps the files users send, checked by their bytes, under random names."""

    async def store(
        self, channel: str, user_id: str, data: bytes, *, name: str | None, now: datetime
    ) -> Attachment | UploadProblem:
        """Check and keep a file; return its description, or why it is refused."""
        ...

    async def describe(self, channel: str, user_id: str, file_id: str) -> Attachment | None:
        """Return a file this chat user sent, or None (unknown, or another user's)."""
        ...


class CardRenderer(Protocol):
    """Draws the digital participant card."""

    def render(self, person: Person, *, issued: date) -> bytes:
        """Return the card as PNG bytes: name, masked KPJ, programs and a QR code."""
        ...


@dataclass(frozen=True, slots=True)
class Services:
    """Every service the flows may use, handed to them in `FlowContext`."""

    identity: IdentityService
    claims: ClaimsService
    membership: MembershipService
    tickets: TicketService
    uploads: UploadStore
    cards: CardRenderer
    reminders: ReminderService = field(default_factory=InMemoryReminders)
