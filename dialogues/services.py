"""The services the personal flows need, as small Protocols, and `Services`, which holds them.

Who the user is and their membership are in `dialogues.services_identity`, their claims and
tickets in `dialogues.services_cases`, JKP reminders in `dialogues.reminders`; this module
holds the uploaded files, the digital card, and `Services`, which puts them all together.

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
from typing import Protocol

from dialogues.memory_reminders import InMemoryReminders
from dialogues.messages import Attachment
from dialogues.reminders import ReminderService
from dialogues.rules.uploads import UploadProblem
from dialogues.services_cases import ClaimsService, TicketService
from dialogues.services_identity import IdentityService, MembershipService, Person


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
