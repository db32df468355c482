"""Officers and tickets: reading them, replying through the worker's channel, taking over.

While a `HumanHandoff` row exists for a chat user, a human owns the conversation and the bot
stays silent for them (the chat side reads that row). Taking over writes it; handing back
deletes it. Every reply and each change of who answers is told to the worker through the
outbox, in the ticket's language, in the same transaction. A reply's dedupe key is its
message's id; taking over and handing back can happen again and again, so theirs carry a
random part.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.db.officers import Officer
from backend.db.tickets import (
    AuthorKind,
    HumanHandoff,
    Ticket,
    TicketKind,
    TicketMessage,
    TicketState,
)
from backend.errors import Conflict, InvalidInput, NotFound
from backend.officers.queries import PER_PAGE_MAX
from backend.outbox import enqueue
from backend.ownership import ChatOwners
from backend.references import TICKET_PREFIX, normalize_reference

REPLY_MAX = 4000


@dataclass(frozen=True, slots=True)
class TicketItem:
    """One line of the ticket list."""

    ticket: Ticket
    officer_username: str | None
    handed_off: bool
    messages: int
    last_message_at: datetime | None


@dataclass(frozen=True, slots=True)
class TicketPage:
    """A page of tickets, oldest first, and how many match in all."""

    items: tuple[TicketItem, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the matching tickets fill (at least 1)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class TicketView:
    """A ticket with its thread, who handles it and whether a human owns the conversation."""

    ticket: Ticket
    messages: tuple[TicketMessage, ...]
    officer_username: str | None
    handoff: HumanHandoff | None
    authors: dict[int, str]
    """Officer usernames by id, for the thread's officer messages."""


async def list_tickets(
    *,
    session: AsyncSession,
    state: TicketState | None = None,
    kind: TicketKind | None = None,
    page: int = 1,
    per_page: int = 25,
) -> TicketPage:
    """Return one page of tickets, oldest first.

    Raises:
        InvalidInput: a page below 1 or a page size outside 1..100.
    """
    if page < 1:
        raise InvalidInput("page", "must be 1 or more")
    if not 0 < per_page <= PER_PAGE_MAX:
        raise InvalidInput("per_page", f"must be 1 to {PER_PAGE_MAX}")
    conditions = []
    if state is not None:
        conditions.append(Ticket.state == state)
    if kind is not None:
        conditions.append(Ticket.kind == kind)
    total = await session.scalar(select(func.count(Ticket.id)).where(*conditions)) or 0
    counts = (
        select(
            TicketMessage.ticket_id,
            func.count(TicketMessage.id).label("n"),
            func.max(TicketMessage.created_at).label("last"),
        )
        .group_by(TicketMessage.ticket_id)
        .subquery()
    )
    rows = await session.execute(
        select(Ticket, Officer.username, HumanHandoff.id, counts.c.n, counts.c.last)
        .outerjoin(Officer, Officer.id == Ticket.officer_id)
        .outerjoin(HumanHandoff, HumanHandoff.ticket_id == Ticket.id)
        .outerjoin(counts, counts.c.ticket_id == Ticket.id)
        .where(*conditions)
        .order_by(Ticket.created_at, Ticket.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = tuple(
        TicketItem(
            ticket=ticket,
            officer_username=username,
            handed_off=handoff_id is not None,
            messages=count or 0,
            last_message_at=last,
        )
        for ticket, username, handoff_id, count, last in rows
    )
    return TicketPage(items=items, total=total, page=page, per_page=per_page)


async def ticket_view(*, session: AsyncSession, reference: str) -> TicketView:
    """Return a ticket with its thread.

    Raises:
        NotFound: no such ticket.
    """
    ticket = await _ticket(session, reference, with_messages=True)
    handoff = await session.scalar(select(HumanHandoff).where(HumanHandoff.ticket_id == ticket.id))
    officer_ids = {m.officer_id for m in ticket.messages if m.officer_id is not None}
    if ticket.officer_id is not None:
        officer_ids.add(ticket.officer_id)
    rows = await session.execute(
        select(Officer.id, Officer.username).where(Officer.id.in_(officer_ids))
    )
    authors: dict[int, str] = dict(rows.all())
    return TicketView(
        ticket=ticket,
        messages=tuple(ticket.messages),
        officer_username=authors.get(ticket.officer_id) if ticket.officer_id else None,
        handoff=handoff,
        authors=authors,
    )


async def reply(
    *, session: AsyncSession, officer: Officer, reference: str, body: str, now: datetime
) -> TicketMessage:
    """Add the officer's reply to the thread and queue it to the worker's channel.

    The ticket becomes the officer's if nobody handles it yet.

    Raises:
        NotFound: no such ticket.
        InvalidInput: an empty or too long reply, or a closed ticket.
    """
    text = body.strip()
    if not 0 < len(text) <= REPLY_MAX:
        raise InvalidInput("body", f"must be 1 to {REPLY_MAX} characters")
    ticket = await _ticket(session, reference)
    if ticket.state is TicketState.CLOSED:
        raise InvalidInput("ticket", "is closed")
    if ticket.officer_id is None:
        ticket.officer_id = officer.id
    message = TicketMessage(
        ticket_id=ticket.id,
        author_kind=AuthorKind.OFFICER,
        officer_id=officer.id,
        body=text,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    _tell(session, ticket, "ticket.reply", f"m{message.id}", now, body=text)
    await session.flush()
    return message


async def take_over(
    *, session: AsyncSession, officer: Officer, reference: str, now: datetime, owners: ChatOwners
) -> HumanHandoff:
    """Make a human own the worker's conversation (the bot goes silent for them).

    Taking over a ticket already taken over changes nothing; a conversation handed off under
    another ticket of the same worker moves to this one.

    Raises:
        NotFound: no such ticket.
        InvalidInput: the ticket is closed.
        Conflict: someone else took the conversation over at the same moment.
        StorageUnavailable: the chat's owner mark could not be set (`owners`); nothing done.
    """
    ticket = await _ticket(session, reference)
    if ticket.state is TicketState.CLOSED:
        raise InvalidInput("ticket", "is closed")
    handoff = await session.scalar(
        select(HumanHandoff).where(
            HumanHandoff.channel == ticket.channel,
            HumanHandoff.channel_user_id == ticket.channel_user_id,
        )
    )
    ticket.officer_id = officer.id
    if handoff is not None and handoff.ticket_id == ticket.id:
        await session.flush()
        return handoff
    if handoff is not None:
        handoff.ticket_id = ticket.id
        handoff.since = now
    else:
        await owners.claim(ticket.channel, ticket.channel_user_id)  # before the row commits
        handoff = HumanHandoff(
            channel=ticket.channel,
            channel_user_id=ticket.channel_user_id,
            ticket_id=ticket.id,
            since=now,
        )
        try:
            async with session.begin_nested():
                session.add(handoff)
        except IntegrityError as error:
            raise Conflict(f"{ticket.reference}: the conversation was just taken over") from error
    await session.flush()
    _tell(session, ticket, "ticket.taken_over", f"over:{secrets.token_hex(6)}", now)
    await session.flush()
    return handoff


async def hand_back(
    *, session: AsyncSession, officer: Officer, reference: str, now: datetime, close: bool = True
) -> Ticket:
    """Give the worker's conversation back to the bot; close the ticket too when `close`.

    The worker is told only when a human did own the conversation under this ticket.

    Raises:
        NotFound: no such ticket.
    """
    ticket = await _ticket(session, reference)
    handoff = await session.scalar(select(HumanHandoff).where(HumanHandoff.ticket_id == ticket.id))
    if handoff is not None:
        handoff_id = handoff.id
        await session.execute(delete(HumanHandoff).where(HumanHandoff.id == handoff_id))
        _tell(
            session,
            ticket,
            "ticket.handed_back",
            f"back:{secrets.token_hex(6)}",
            now,
            closed=close,
        )
    if close and ticket.state is not TicketState.CLOSED:
        ticket.state = TicketState.CLOSED
        ticket.closed_at = now
        if ticket.officer_id is None:
            ticket.officer_id = officer.id
    await session.flush()
    return ticket


async def _ticket(session: AsyncSession, reference: str, *, with_messages: bool = False) -> Ticket:
    normalized = normalize_reference(reference, TICKET_PREFIX) or reference
    query = select(Ticket).where(Ticket.reference == normalized)
    if with_messages:
        query = query.options(selectinload(Ticket.messages)).execution_options(
            populate_existing=True
        )
    ticket: Ticket | None = await session.scalar(query)
    if ticket is None:
        raise NotFound(f"no ticket {reference}")
    return ticket


def _tell(
    session: AsyncSession,
    ticket: Ticket,
    kind: str,
    key: str,
    now: datetime,
    **payload: object,
) -> None:
    enqueue(
        session=session,
        channel=ticket.channel,
        recipient=ticket.channel_user_id,
        language=ticket.language,
        kind=kind,
        payload={"reference": ticket.reference, **payload},
        dedupe_key=f"ticket:{ticket.reference}:{key}",
        now=now,
    )
