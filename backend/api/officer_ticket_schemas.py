"""What the officer API answers and accepts about tickets (the pages render the same models)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.db.tickets import AuthorKind, TicketKind, TicketState
from backend.officers.tickets import REPLY_MAX, TicketItem, TicketPage, TicketView
from nlu import Language


class TicketItemOut(BaseModel):
    """One ticket in the list."""

    reference: str
    kind: TicketKind
    state: TicketState
    channel: str
    language: Language
    created_at: datetime
    closed_at: datetime | None
    officer: str | None
    handed_off: bool = Field(description="A human owns the conversation: the bot is silent.")
    messages: int
    last_message_at: datetime | None

    @classmethod
    def of(cls, item: TicketItem) -> TicketItemOut:
        """Build it from the query's item."""
        t = item.ticket
        return cls(
            reference=t.reference,
            kind=t.kind,
            state=t.state,
            channel=t.channel,
            language=t.language,
            created_at=t.created_at,
            closed_at=t.closed_at,
            officer=item.officer_username,
            handed_off=item.handed_off,
            messages=item.messages,
            last_message_at=item.last_message_at,
        )


class TicketListOut(BaseModel):
    """A page of tickets, oldest first."""

    items: list[TicketItemOut]
    total: int
    page: int
    per_page: int
    pages: int

    @classmethod
    def of(cls, page: TicketPage) -> TicketListOut:
        """Build it from the query's page."""
        return cls(
            items=[TicketItemOut.of(item) for item in page.items],
            total=page.total,
            page=page.page,
            per_page=page.per_page,
            pages=page.pages,
        )


class TicketMessageOut(BaseModel):
    """One message of the thread."""

    id: int
    author_kind: AuthorKind
    officer: str | None
    body: str
    created_at: datetime


class TicketOut(BaseModel):
    """A ticket with its thread."""

    reference: str
    kind: TicketKind
    state: TicketState
    channel: str
    language: Language
    created_at: datetime
    closed_at: datetime | None
    officer: str | None
    handed_off: bool
    handed_off_since: datetime | None
    messages: list[TicketMessageOut]

    @classmethod
    def of(cls, view: TicketView) -> TicketOut:
        """Build it from the query's view."""
        t = view.ticket
        return cls(
            reference=t.reference,
            kind=t.kind,
            state=t.state,
            channel=t.channel,
            language=t.language,
            created_at=t.created_at,
            closed_at=t.closed_at,
            officer=view.officer_username,
            handed_off=view.handoff is not None,
            handed_off_since=view.handoff.since if view.handoff else None,
            messages=[
                TicketMessageOut(
                    id=m.id,
                    author_kind=m.author_kind,
                    officer=view.authors.get(m.officer_id) if m.officer_id else None,
                    body=m.body,
                    created_at=m.created_at,
                )
                for m in view.messages
            ],
        )


class ReplyRequest(BaseModel):
    """A reply to the worker, sent through their channel."""

    body: str = Field(min_length=1, max_length=REPLY_MAX)


class HandBackRequest(BaseModel):
    """Give the conversation back to the bot; close the ticket too unless `close` is false."""

    close: bool = True
