"""In-memory twins of the ports (`dialogues.ports`, `dialogues.services`): the tests' stand-ins.

The conversation store is also the embedded default; the services' twins hold their members,
claims, tickets and files in dicts of one process.
"""

from __future__ import annotations

import secrets
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from dialogues.errors import NotCancellable, NotLinked
from dialogues.messages import Attachment
from dialogues.ports import Clock, ConversationKey, SystemClock
from dialogues.reminders import (
    EndReason,
    ReminderPlan,
    ReminderStatus,
    ScheduledReminder,
)
from dialogues.rules import decide
from dialogues.rules.facts import Segment
from dialogues.rules.jkp_schedule import DutyEntry, plan_reminders
from dialogues.rules.uploads import UploadProblem, check_upload
from dialogues.services import (
    ClaimRequest,
    ClaimStage,
    ClaimSummary,
    Filed,
    FileResult,
    Linked,
    LinkLocked,
    LinkResult,
    Membership,
    NotClaimableYet,
    OpenedTicket,
    PaidMonth,
    Person,
    Services,
    TicketKind,
    WrongDetails,
    mask,
)
from dialogues.state import Conversation
from nlu import Language, Program


class InMemoryConversationStore:
    """Conversations in a dict of one process, each expiring `ttl` after its last save."""

    def __init__(self, ttl: timedelta = timedelta(days=7), clock: Clock | None = None) -> None:
        self._ttl = ttl
        self._clock = clock or SystemClock()
        self._items: dict[ConversationKey, tuple[Conversation, datetime]] = {}

    async def load(self, key: ConversationKey) -> Conversation | None:
        """Return the conversation unless it has expired."""
        item = self._items.get(key)
        if item is None:
            return None
        conversation, expires_at = item
        if expires_at <= self._clock.now():
            del self._items[key]
            return None
        return conversation

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        """Store the conversation for another `ttl`."""
        self._items[key] = (conversation, self._clock.now() + self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation."""
        self._items.pop(key, None)


# --- Twins of the services (`dialogues.services`) ------------------------------------------------

MAX_WRONG_TRIES = 3
LINK_LOCK = timedelta(minutes=15)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(_CROCKFORD) for _ in range(8))


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


class InMemoryUploads:
    """Uploaded files in a dict, checked by their bytes."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[tuple[str, str], Attachment, bytes]] = {}

    async def store(
        self, channel: str, user_id: str, data: bytes, *, name: str | None, now: datetime
    ) -> Attachment | UploadProblem:
        """Keep the file if it may be uploaded."""
        checked = check_upload(data)
        if isinstance(checked, UploadProblem):
            return checked
        attachment = Attachment(secrets.token_hex(16), checked.value, len(data), name)
        self.files[attachment.file_id] = ((channel, user_id), attachment, data)
        return attachment

    async def describe(self, channel: str, user_id: str, file_id: str) -> Attachment | None:
        """Return the user's own file."""
        found = self.files.get(file_id)
        return found[1] if found is not None and found[0] == (channel, user_id) else None


class PlainCardRenderer:
    """A stand-in card: a tiny valid PNG (the real one is drawn by `backend.services.cards`)."""

    def render(self, person: Person, *, issued: date) -> bytes:
        """Return a 1×1 white PNG."""

        def chunk(kind: bytes, body: bytes) -> bytes:
            crc = zlib.crc32(kind + body) & 0xFFFFFFFF
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
        pixels = zlib.compress(b"\x00\xff\xff\xff")
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b"")
        )


def in_memory_services(members: Sequence[Member] = ()) -> Services:
    """Return every service as an in-memory twin, over these members."""
    identity = InMemoryIdentity(members)
    return Services(
        identity=identity,
        claims=InMemoryClaims(identity),
        membership=InMemoryMembership(identity),
        tickets=InMemoryTickets(),
        uploads=InMemoryUploads(),
        cards=PlainCardRenderer(),
        reminders=InMemoryReminders(),
    )


class InMemoryReminders:
    """JKP reminder subscriptions in a dict; nothing sends them (the worker does, from SQL)."""

    def __init__(self) -> None:
        self.active: dict[tuple[str, str], ReminderStatus] = {}
        self.ended: list[tuple[tuple[str, str], EndReason]] = []

    async def subscribe(
        self, channel: str, user_id: str, plan: ReminderPlan, *, now: datetime
    ) -> ReminderStatus:
        """Replace any subscription with one made from `plan`."""
        before = self.active.get((channel, user_id))
        kept = before.duties if before and before.plan.first_date == plan.first_date else ()
        reminders = tuple(
            ScheduledReminder(r.month, r.kind, r.due_at)
            for r in plan_reminders(plan.first_date, plan.zone, plan.hour, after=now)
        )
        status = ReminderStatus(plan, reminders, kept)
        self.active[(channel, user_id)] = status
        return status

    async def status(self, channel: str, user_id: str) -> ReminderStatus | None:
        """Return the active subscription."""
        return self.active.get((channel, user_id))

    async def record(
        self,
        channel: str,
        user_id: str,
        entries: Sequence[DutyEntry],
        *,
        language: Language,
        now: datetime,
    ) -> ReminderStatus | None:
        """Add the entries to the active subscription."""
        status = self.active.get((channel, user_id))
        if status is None:
            return None
        plan = replace(status.plan, language=language)
        status = replace(status, plan=plan, duties=(*status.duties, *entries))
        self.active[(channel, user_id)] = status
        return status

    async def end(self, channel: str, user_id: str, reason: EndReason, *, now: datetime) -> bool:
        """Forget the active subscription."""
        if self.active.pop((channel, user_id), None) is None:
            return False
        self.ended.append(((channel, user_id), reason))
        return True
