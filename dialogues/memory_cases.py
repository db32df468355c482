"""In-memory twins of the cases officers handle (`dialogues.services_cases`): claims filed against
the in-memory registry, and tickets; each gets a reference like the real ones."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime

from dialogues.errors import NotCancellable, NotLinked
from dialogues.memory_identity import InMemoryIdentity
from dialogues.messages import Attachment
from dialogues.rules import decide
from dialogues.services_cases import (
    ClaimRequest,
    ClaimStage,
    ClaimSummary,
    Filed,
    FileResult,
    NotClaimableYet,
    OpenedTicket,
    TicketKind,
)
from nlu import Language

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(_CROCKFORD) for _ in range(8))


@dataclass
class _StoredClaim:
    kpj: str
    summary: ClaimSummary
    request: ClaimRequest


class InMemoryClaims:
    """Claims filed against the in-memory registry, the decision made again at filing."""

    def __init__(self, identity: InMemoryIdentity) -> None:
        self._identity = identity
        self.filed: dict[str, _StoredClaim] = {}

    async def file(
        self, channel: str, user_id: str, request: ClaimRequest, *, now: datetime
    ) -> FileResult:
        """File the claim once per submission key."""
        member = self._identity.member_of(channel, user_id)
        if member is None:
            raise NotLinked(f"{channel} user is not linked")
        for reference, stored in self.filed.items():
            if stored.request.submission_key == request.submission_key:
                return Filed(reference, created=False)
        decision = decide(request.facts)
        if not decision.eligible:
            return NotClaimableYet(decision)
        reference = _reference("CLM")
        summary = ClaimSummary(reference, decision.program, ClaimStage.SUBMITTED, now, now)
        self.filed[reference] = _StoredClaim(member.kpj, summary, request)
        return Filed(reference, created=True)

    def _mine(self, channel: str, user_id: str) -> list[_StoredClaim]:
        member = self._identity.member_of(channel, user_id)
        return [c for c in self.filed.values() if member is not None and c.kpj == member.kpj]

    async def claims_of(self, channel: str, user_id: str) -> tuple[ClaimSummary, ...]:
        """Return the user's claims, newest first."""
        mine = sorted(self._mine(channel, user_id), key=lambda c: c.summary.filed_at, reverse=True)
        return tuple(c.summary for c in mine)

    async def claim(self, channel: str, user_id: str, reference: str) -> ClaimSummary | None:
        """Return the claim if it is the user's."""
        return next(
            (c.summary for c in self._mine(channel, user_id) if c.summary.reference == reference),
            None,
        )

    async def cancel(
        self, channel: str, user_id: str, reference: str, *, now: datetime
    ) -> ClaimSummary | None:
        """Cancel the user's claim while it is submitted."""
        found = next(
            (c for c in self._mine(channel, user_id) if c.summary.reference == reference), None
        )
        if found is None:
            return None
        if found.summary.stage is not ClaimStage.SUBMITTED:
            raise NotCancellable(reference)
        found.summary = replace(found.summary, stage=ClaimStage.CANCELLED, updated_at=now)
        return found.summary

    def move(self, reference: str, stage: ClaimStage, *, now: datetime) -> None:
        """Move a claim as an officer would (tests)."""
        stored = self.filed[reference]
        stored.summary = replace(stored.summary, stage=stage, updated_at=now)


@dataclass
class _Ticket:
    reference: str
    kind: TicketKind
    who: tuple[str, str]
    messages: list[str] = field(default_factory=list)
    open: bool = True


class InMemoryTickets:
    """Tickets in a list; a human owns a chat from a human request (or `take_over`) until
    `hand_back`."""

    def __init__(self) -> None:
        self.tickets: list[_Ticket] = []
        self.owned: dict[tuple[str, str], _Ticket] = {}

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
        """Open a ticket (or add to the open one of this kind); a human request hands over."""
        ticket = next(
            (t for t in self.tickets if t.who == (channel, user_id) and t.kind == kind and t.open),
            None,
        )
        created = ticket is None
        if ticket is None:
            ticket = _Ticket(_reference("TKT"), kind, (channel, user_id))
            self.tickets.append(ticket)
        ticket.messages.append(message)
        if kind == TicketKind.HUMAN_AGENT:
            self.owned.setdefault((channel, user_id), ticket)
        return OpenedTicket(ticket.reference, created=created)

    async def human_owns(self, channel: str, user_id: str) -> bool:
        """Tell whether a human owns the chat."""
        return (channel, user_id) in self.owned

    async def keep_message(
        self, channel: str, user_id: str, text: str, *, files: tuple[Attachment, ...], now: datetime
    ) -> None:
        """Add the message to the open ticket."""
        ticket = self.owned.get((channel, user_id))
        if ticket is not None:
            names = [f"[file {f.file_id}]" for f in files]
            ticket.messages.append(" ".join([text, *names]).strip())

    def take_over(self, channel: str, user_id: str) -> None:
        """Make a human own the chat of the user's latest open ticket, as an officer does."""
        ticket = next(t for t in reversed(self.tickets) if t.who == (channel, user_id) and t.open)
        self.owned[(channel, user_id)] = ticket

    def hand_back(self, channel: str, user_id: str) -> None:
        """Give the chat back to the bot and close its ticket, as an officer does."""
        ticket = self.owned.pop((channel, user_id), None)
        if ticket is not None:
            ticket.open = False
