"""`TicketService` over the database: tickets, their messages and who owns the chat.

A request for a human opens a ticket and hands the chat to a human at once (`human_handoff`);
a complaint opens a ticket and the bot keeps answering until an officer takes the chat over
(`backend.officers.tickets.take_over`). While the row exists the engine is silent for the
user and keeps their messages in the ticket; the officer's hand-back deletes it
(`backend.officers.tickets.hand_back`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend import links
from backend.db.tickets import (
    AuthorKind,
    HumanHandoff,
    Ticket,
    TicketKind,
    TicketMessage,
    TicketState,
)
from backend.errors import StorageUnavailable
from backend.ownership import ChatOwners, DatabaseOwners
from backend.references import TICKET_PREFIX, new_reference
from backend.services.base import Sessions, unit_of_work
from dialogues.errors import ServiceUnavailable
from dialogues.messages import Attachment
from dialogues.services_cases import OpenedTicket
from dialogues.services_cases import TicketKind as RequestKind
from nlu import Language


def _body(text: str, files: tuple[Attachment, ...]) -> str:
    lines = [text] if text else []
    lines += [f"[file {f.file_id} {f.content_type} {f.size} bytes]" for f in files]
    return "\n".join(lines)


async def _owned_ticket(session: AsyncSession, channel: str, user_id: str) -> Ticket | None:
    ticket: Ticket | None = await session.scalar(
        select(Ticket)
        .join(HumanHandoff, HumanHandoff.ticket_id == Ticket.id)
        .where(HumanHandoff.channel == channel, HumanHandoff.channel_user_id == user_id)
    )
    return ticket


async def _handoff_id(session: AsyncSession, channel: str, user_id: str) -> int | None:
    found: int | None = await session.scalar(
        select(HumanHandoff.id).where(
            HumanHandoff.channel == channel, HumanHandoff.channel_user_id == user_id
        )
    )
    return found


async def _hand_to_a_human(
    session: AsyncSession, ticket: Ticket, now: datetime, owners: ChatOwners
) -> None:
    try:
        # Before the row commits (`backend.ownership`); marking a chat already owned is harmless.
        await owners.claim(ticket.channel, ticket.channel_user_id)
    except StorageUnavailable as error:
        # Only a new hand-off needs the mark: a chat a human owns already stays theirs.
        if await _handoff_id(session, ticket.channel, ticket.channel_user_id) is not None:
            return
        raise ServiceUnavailable(str(error)) from error
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # A row there already (handed off before, or an officer taking the chat over at this very
    # moment) stays as it is: the chat is owned either way. One statement, no savepoint.
    await session.execute(
        dialect.insert(HumanHandoff)
        .values(
            channel=ticket.channel,
            channel_user_id=ticket.channel_user_id,
            ticket_id=ticket.id,
            since=now,
        )
        .on_conflict_do_nothing(index_elements=[HumanHandoff.channel, HumanHandoff.channel_user_id])
    )


class SqlTickets:
    """Tickets in the `ticket` tables."""

    def __init__(self, sessions: Sessions, owners: ChatOwners | None = None) -> None:
        self._sessions = sessions
        self._owners = owners or DatabaseOwners()

    async def open(
        self,
        channel: str,
        user_id: str,
        *,
        kind: RequestKind,
        language: Language,
        message: str,
        now: datetime,
    ) -> OpenedTicket:
        """Open a ticket with the message, or add it to the open one of the same kind.

        A request for a human also hands the chat to one (`human_handoff`); a complaint
        leaves the bot answering until an officer takes the chat over.
        """
        async with unit_of_work(self._sessions) as session:
            ticket = await session.scalar(
                select(Ticket)
                .where(
                    Ticket.channel == channel,
                    Ticket.channel_user_id == user_id,
                    Ticket.kind == TicketKind(kind.value),
                    Ticket.state == TicketState.OPEN,
                )
                .order_by(Ticket.id.desc())
                .limit(1)
            )
            created = ticket is None
            if ticket is None:
                ticket = Ticket(
                    reference=new_reference(TICKET_PREFIX),
                    kind=TicketKind(kind.value),
                    state=TicketState.OPEN,
                    channel=channel,
                    channel_user_id=user_id,
                    language=language,
                    # Read by the INSERT itself: one statement fewer than a SELECT first.
                    participant_id=links.linked_participant_id_sql(
                        channel=channel, channel_user_id=user_id
                    ),
                    created_at=now,
                )
                session.add(ticket)
                await session.flush()
            session.add(
                TicketMessage(
                    ticket_id=ticket.id, author_kind=AuthorKind.WORKER, body=message, created_at=now
                )
            )
            if kind is RequestKind.HUMAN_AGENT:
                await _hand_to_a_human(session, ticket, now, self._owners)
            return OpenedTicket(ticket.reference, created=created)

    async def human_owns(self, channel: str, user_id: str) -> bool:
        """Tell whether a human owns the chat now (`backend.ownership`: no query, mostly)."""
        return await self._owners.owned(
            channel, user_id, lambda: self._handoff_exists(channel, user_id)
        )

    async def _handoff_exists(self, channel: str, user_id: str) -> bool:
        async with unit_of_work(self._sessions) as session:
            return await _handoff_id(session, channel, user_id) is not None

    async def keep_message(
        self, channel: str, user_id: str, text: str, *, files: tuple[Attachment, ...], now: datetime
    ) -> None:
        """Add the message to the ticket of the human who owns the chat."""
        async with unit_of_work(self._sessions) as session:
            ticket = await _owned_ticket(session, channel, user_id)
            if ticket is None:
                return
            session.add(
                TicketMessage(
                    ticket_id=ticket.id,
                    author_kind=AuthorKind.WORKER,
                    body=_body(text, files),
                    created_at=now,
                )
            )
