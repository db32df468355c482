"""The ports of the cases officers handle (`dialogues.services`): the claims a linked
participant files and follows, and the tickets that hand a chat to a person.

Their in-memory twins are in `dialogues.memory_cases`; `backend.services.claims` and
`backend.services.tickets` implement them over the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from dialogues.messages import Attachment
from dialogues.rules import Decision, Facts
from dialogues.services_identity import mask
from nlu import Language, Program

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
