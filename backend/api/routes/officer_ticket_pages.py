"""The back-office pages for tickets: the list, a ticket's thread, reply, take over, hand back."""

from __future__ import annotations

from babel.support import LazyProxy
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from backend.api.deps import ClockDep, OwnersDep, SessionDep
from backend.api.officer_deps import PageLoginDep, roll_back
from backend.api.officer_ticket_schemas import TicketListOut, TicketOut
from backend.api.pages import check_csrf, read_form, render_page
from backend.api.problems import status_of
from backend.api.routes.officer_pages import notice
from backend.db.tickets import TicketState
from backend.errors import BackendError
from backend.officers import tickets

router = APIRouter(prefix="/officer/tickets", include_in_schema=False)


@router.get("")
async def tickets_page(request: Request, login: PageLoginDep, session: SessionDep) -> Response:
    """Tickets, open ones by default."""
    raw = request.query_params.get("state", "open")
    state = TicketState(raw) if raw in {s.value for s in TicketState} else None
    page_number = request.query_params.get("page", "1")
    page = int(page_number) if page_number.isdigit() and len(page_number) < 7 else 1
    result = await tickets.list_tickets(session=session, state=state, page=max(page, 1))
    return render_page(
        request,
        "officer/tickets.html",
        {
            "officer": login.officer,
            "csrf": login.csrf,
            "notice": notice(request),
            "error": None,
            "page": TicketListOut.of(result),
            "state": state.value if state else "",
            "ticket_states": list(TicketState),
        },
    )


@router.get("/{reference}")
async def ticket_page(
    request: Request, reference: str, login: PageLoginDep, session: SessionDep
) -> Response:
    """A ticket's thread with the reply form and the take-over and hand-back buttons."""
    return await _ticket_page(request, reference, login, session, None, 200)


@router.post("/{reference}/reply")
async def reply(
    request: Request, reference: str, login: PageLoginDep, session: SessionDep, clock: ClockDep
) -> Response:
    """Send the reply to the worker's channel."""
    form = await read_form(request)
    check_csrf(login.csrf, form.get("csrf"))
    try:
        await tickets.reply(
            session=session,
            officer=login.officer,
            reference=reference,
            body=form.get("body", ""),
            now=clock(),
        )
        await session.commit()
    except BackendError as error:
        await roll_back(session, login)
        status, message = status_of(error)
        return await _ticket_page(request, reference, login, session, message, status)
    return RedirectResponse(f"/officer/tickets/{reference}?done=replied", status_code=303)


@router.post("/{reference}/takeover")
async def take_over(
    request: Request,
    reference: str,
    login: PageLoginDep,
    session: SessionDep,
    clock: ClockDep,
    owners: OwnersDep,
) -> Response:
    """Own the conversation: the bot goes silent for this worker."""
    check_csrf(login.csrf, (await read_form(request)).get("csrf"))
    try:
        await tickets.take_over(
            session=session,
            officer=login.officer,
            reference=reference,
            now=clock(),
            owners=owners,
        )
        await session.commit()
    except BackendError as error:
        await roll_back(session, login)
        status, message = status_of(error)
        return await _ticket_page(request, reference, login, session, message, status)
    return RedirectResponse(f"/officer/tickets/{reference}?done=taken", status_code=303)


@router.post("/{reference}/handback")
async def hand_back(
    request: Request, reference: str, login: PageLoginDep, session: SessionDep, clock: ClockDep
) -> Response:
    """Give the conversation back to the bot (closing the ticket if ticked)."""
    form = await read_form(request)
    check_csrf(login.csrf, form.get("csrf"))
    await tickets.hand_back(
        session=session,
        officer=login.officer,
        reference=reference,
        now=clock(),
        close=form.get("close") == "1",
    )
    await session.commit()
    return RedirectResponse(f"/officer/tickets/{reference}?done=handed", status_code=303)


async def _ticket_page(
    request: Request,
    reference: str,
    login: PageLoginDep,
    session: SessionDep,
    error: LazyProxy | None,
    status: int,
) -> Response:
    view = await tickets.ticket_view(session=session, reference=reference)
    return render_page(
        request,
        "officer/ticket.html",
        {
            "officer": login.officer,
            "csrf": login.csrf,
            "notice": None if error else notice(request),
            "error": error,
            "ticket": TicketOut.of(view),
        },
        status=status,
        here=f"/officer/tickets/{view.ticket.reference}",
    )
