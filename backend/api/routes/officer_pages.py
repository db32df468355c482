"""The back-office pages for claims: the queue, a claim, moving it, its documents.

Plain HTML forms (no JavaScript); every POST checks the CSRF token and answers with a redirect
(post/redirect/get), or with the page again and the error when the move is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.officer_deps import PageLogin, PageLoginDep, roll_back
from backend.api.officer_schemas import ClaimOut
from backend.api.pages import (
    check_csrf,
    read_form,
    render_page,
)
from backend.api.problems import status_of
from backend.api.routes.officer_claims import document_response
from backend.claims.states import ClaimState
from backend.errors import BackendError
from backend.officers import actions, queries
from nlu import Program

router = APIRouter(prefix="/officer", include_in_schema=False)

E = TypeVar("E", ClaimState, Program)

TIMEZONES = (
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Kuala_Lumpur",
    "Asia/Singapore",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Riyadh",
    "UTC",
)
"""Where an interview time may be given in: Indonesia's zones and the main placements."""
MOVE_LABELS = {
    "verifying": "Take up (verify)",
    "needs_documents": "Ask for documents",
    "interview_scheduled": "Schedule the video interview",
    "approved": "Approve",
    "rejected": "Reject",
    "paid": "Mark paid",
}
NOTICES = {
    "moved": "Done: the claim was moved and the worker will be told.",
    "replied": "Your reply is queued to the worker.",
    "taken": "You now own this conversation: the bot is silent for this worker.",
    "handed": "The conversation is back with the bot.",
}


def notice(request: Request) -> str | None:
    """The message of a finished action (`?done=...`): only fixed texts, nothing reflected."""
    return NOTICES.get(request.query_params.get("done", ""))


@router.get("/claims")
async def queue_page(
    request: Request, login: PageLoginDep, session: SessionDep, clock: ClockDep
) -> Response:
    """The claims queue with its filter form."""
    params = request.query_params
    errors: list[str] = []
    state = _choice(params.get("state"), ClaimState, "state", errors)
    program = _choice(params.get("program"), Program, "program", errors)
    channel = (params.get("channel") or "").strip()[:32]
    min_age = _number(params.get("min_age_days"), "min_age_days", errors)
    max_age = _number(params.get("max_age_days"), "max_age_days", errors)
    page = _number(params.get("page"), "page", errors) or 1
    filters = queries.QueueFilters(
        states=(state,) if state else (),
        program=program,
        channel=channel or None,
        min_age_days=min_age,
        max_age_days=max_age,
        page=max(page, 1),
    )
    result = await queries.claims_queue(session=session, filters=filters, now=clock())
    shown = {
        "state": state.value if state else "",
        "program": program.value if program else "",
        "channel": channel,
        "min_age_days": "" if min_age is None else str(min_age),
        "max_age_days": "" if max_age is None else str(max_age),
    }
    return render_page(
        request,
        "officer/queue.html",
        {
            **_base(login, request),
            "error": " ".join(errors) or None,
            "page": result,
            "filters": shown,
            "query": urlencode({k: v for k, v in shown.items() if v}),
            "states": list(ClaimState),
            "programs": list(Program),
        },
    )


@router.get("/claims/{reference}")
async def claim_page(
    request: Request, reference: str, login: PageLoginDep, session: SessionDep
) -> Response:
    """A claim with its documents, decision, audit trail and the moves the officer may make."""
    return await _claim_page(request, reference, login, session, error=None, status=200)


@router.post("/claims/{reference}/move")
async def move(
    request: Request, reference: str, login: PageLoginDep, session: SessionDep, clock: ClockDep
) -> Response:
    """Move the claim as the form says; back to the claim page either way."""
    form = await read_form(request)
    check_csrf(login.csrf, form.get("csrf"))
    try:
        to = ClaimState(form.get("to", ""))
        version = int(form.get("expected_version", ""))
    except ValueError:
        return await _claim_page(request, reference, login, session, "Reload the page.", 422)
    interview_at = None
    if to is ClaimState.INTERVIEW_SCHEDULED:
        interview_at = _moment(form.get("interview_at", ""), form.get("timezone", ""))
        if interview_at is None:
            message = "Give the interview's date and time."
            return await _claim_page(request, reference, login, session, message, 422)
    try:
        await actions.move_claim(
            session=session,
            officer=login.officer,
            reference=reference,
            to=to,
            expected_version=version,
            now=clock(),
            note=form.get("note"),
            interview_at=interview_at,
        )
        await session.commit()
    except BackendError as error:
        await roll_back(session, login)
        status, message = status_of(error)
        return await _claim_page(request, reference, login, session, message, status)
    return RedirectResponse(f"/officer/claims/{reference}?done=moved", status_code=303)


@router.get("/claims/{reference}/documents/{document_id}")
async def document(
    reference: str,
    document_id: int,
    login: PageLoginDep,
    session: SessionDep,
    settings: SettingsDep,
) -> FileResponse:
    """Download one of the claim's documents."""
    found = await queries.claim_document(
        session=session, reference=reference, document_id=document_id
    )
    return document_response(found, reference, settings.uploads_dir)


def _base(login: PageLogin, request: Request) -> dict[str, Any]:
    return {"officer": login.officer, "csrf": login.csrf, "notice": notice(request)}


async def _claim_page(
    request: Request,
    reference: str,
    login: PageLogin,
    session: SessionDep,
    error: str | None,
    status: int,
) -> Response:
    claim = await queries.claim_detail(session=session, reference=reference)
    url = f"/officer/claims/{claim.reference}/documents/{{id}}"
    return render_page(
        request,
        "officer/claim.html",
        {
            **_base(login, request),
            "notice": None if error else notice(request),
            "error": error,
            "claim": ClaimOut.of(claim, login.officer, url),
            "move_labels": MOVE_LABELS,
            "timezones": TIMEZONES,
        },
        status=status,
    )


def _choice(value: str | None, kind: type[E], name: str, errors: list[str]) -> E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        errors.append(f"Unknown {name}.")
        return None


def _number(value: str | None, name: str, errors: list[str]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        errors.append(f"{name} must be a whole number of days.")
        return None
    return int(value)


def _moment(value: str, timezone: str) -> datetime | None:
    # <input type="datetime-local"> sends 2026-12-01T10:00 with no offset: the officer picks
    # the time zone beside it.
    if timezone not in TIMEZONES:
        return None
    try:
        local = datetime.fromisoformat(value)
    except ValueError:
        return None
    if local.tzinfo is not None:
        return None
    return local.replace(tzinfo=ZoneInfo(timezone))
