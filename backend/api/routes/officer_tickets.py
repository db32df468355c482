"""The officers' tickets API: list, read, reply through the worker's channel, take over, hand back.

A reply is queued to the worker's channel in their language (`jamsos worker` sends it). While a
ticket is taken over, the bot stays silent for that worker; handing back ends that (and closes
the ticket unless `close` is false).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.api.deps import ClockDep, OwnersDep, SessionDep
from backend.api.officer_deps import OfficerDep
from backend.api.officer_ticket_schemas import (
    HandBackRequest,
    ReplyRequest,
    TicketListOut,
    TicketMessageOut,
    TicketOut,
)
from backend.db.tickets import TicketKind, TicketState
from backend.officers import tickets
from backend.officers.queries import PER_PAGE_MAX

router = APIRouter(prefix="/api/v1/officer/tickets", tags=["officer"])

ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Not logged in, or the token expired"},
    404: {"description": "No such ticket"},
}


@router.get("", responses={401: ERRORS[401]})
async def list_tickets(
    officer: OfficerDep,
    session: SessionDep,
    state: TicketState | None = None,
    kind: TicketKind | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=PER_PAGE_MAX)] = 25,
) -> TicketListOut:
    """Tickets, oldest first, by state (open, closed) and kind (complaint, human_agent)."""
    page_ = await tickets.list_tickets(
        session=session, state=state, kind=kind, page=page, per_page=per_page
    )
    return TicketListOut.of(page_)


@router.get("/{reference}", responses=ERRORS)
async def read_ticket(reference: str, officer: OfficerDep, session: SessionDep) -> TicketOut:
    """A ticket with its whole thread."""
    return TicketOut.of(await tickets.ticket_view(session=session, reference=reference))


@router.post(
    "/{reference}/replies",
    status_code=201,
    responses={**ERRORS, 422: {"description": "Empty or too long, or the ticket is closed"}},
)
async def reply(
    reference: str, body: ReplyRequest, officer: OfficerDep, session: SessionDep, clock: ClockDep
) -> TicketMessageOut:
    """Reply to the worker: added to the thread and sent through their channel."""
    message = await tickets.reply(
        session=session, officer=officer, reference=reference, body=body.body, now=clock()
    )
    await session.commit()
    return TicketMessageOut(
        id=message.id,
        author_kind=message.author_kind,
        officer=officer.username,
        body=message.body,
        created_at=message.created_at,
    )


@router.post(
    "/{reference}/takeover",
    responses={
        **ERRORS,
        409: {"description": "Someone else took it over at the same moment"},
        422: {"description": "The ticket is closed"},
        503: {"description": "Redis (the chat owner marks) unavailable; nothing was changed"},
    },
)
async def take_over(
    reference: str, officer: OfficerDep, session: SessionDep, clock: ClockDep, owners: OwnersDep
) -> TicketOut:
    """Take the worker's conversation over: the bot stays silent until it is handed back."""
    await tickets.take_over(
        session=session, officer=officer, reference=reference, now=clock(), owners=owners
    )
    await session.commit()
    return TicketOut.of(await tickets.ticket_view(session=session, reference=reference))


@router.post("/{reference}/handback", responses=ERRORS)
async def hand_back(
    reference: str,
    officer: OfficerDep,
    session: SessionDep,
    clock: ClockDep,
    body: HandBackRequest | None = None,
) -> TicketOut:
    """Give the conversation back to the bot (and close the ticket, unless `close` is false)."""
    close = body.close if body is not None else True
    await tickets.hand_back(
        session=session, officer=officer, reference=reference, now=clock(), close=close
    )
    await session.commit()
    return TicketOut.of(await tickets.ticket_view(session=session, reference=reference))
