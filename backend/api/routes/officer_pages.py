"""The back-office pages for claims: the queue, a claim, moving it, its documents.

Plain HTML forms (no JavaScript); every POST checks the CSRF token and answers with a redirect
(post/redirect/get), or with the page again and the error when the move is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.support import LazyProxy
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from backend.api.deps import ClockDep, SessionDep, SettingsDep, get_clock
from backend.api.officer_deps import PageLogin, PageLoginDep, roll_back
from backend.api.officer_schemas import ClaimOut
from backend.api.pages import (
    check_csrf,
    read_form,
    render_page,
)
from backend.api.problems import status_of
from backend.api.reminder_schemas import ReminderScheduleOut
from backend.api.routes.officer_claims import document_response
from backend.claims.states import ClaimState
from backend.errors import BackendError
from backend.officers import actions, queries
from backend.reminders.officers import schedules_of_claim
from dialogues.i18n import lazy_gettext
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
    "verifying": lazy_gettext("Take up (verify)"),
    "needs_documents": lazy_gettext("Ask for documents"),
    "interview_scheduled": lazy_gettext("Schedule the video interview"),
    "approved": lazy_gettext("Approve"),
    "rejected": lazy_gettext("Reject"),
    "paid": lazy_gettext("Mark paid"),
}
NOTICES = {
    "moved": lazy_gettext("Done: the claim was moved and the worker will be told."),
    "replied": lazy_gettext("Your reply is queued to the worker."),
    "taken": lazy_gettext("You now own this conversation: the bot is silent for this worker."),
    "handed": lazy_gettext("The conversation is back with the bot."),
}


def notice(request: Request) -> LazyProxy | None:
    """The message of a finished action (`?done=...`): only fixed texts, nothing reflected."""
    return NOTICES.get(request.query_params.get("done", ""))


@router.get("/claims")
async def queue_page(
    request: Request, login: PageLoginDep, session: SessionDep, clock: ClockDep
) -> Response:
    """The claims queue with its filter form."""
    params = request.query_params
    errors: list[LazyProxy] = []
    state = _choice(params.get("state"), ClaimState, lazy_gettext("Unknown state."), errors)
    program = _choice(params.get("program"), Program, lazy_gettext("Unknown program."), errors)
    channel = (params.get("channel") or "").strip()[:32]
    days = lazy_gettext("The number of days must be a whole number.")
    min_age = _number(params.get("min_age_days"), days, errors)
    max_age = _number(params.get("max_age_days"), days, errors)
    page = _number(params.get("page"), lazy_gettext("The page must be a whole number."), errors)
    filters = queries.QueueFilters(
        states=(state,) if state else (),
        program=program,
        channel=channel or None,
        min_age_days=min_age,
        max_age_days=max_age,
        page=max(page or 1, 1),
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
            "error": _joined(errors),
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
        message = lazy_gettext("Reload the page.")
        return await _claim_page(request, reference, login, session, message, 422)
    interview_at = None
    if to is ClaimState.INTERVIEW_SCHEDULED:
        interview_at = _moment(form.get("interview_at", ""), form.get("timezone", ""))
        if interview_at is None:
            message = lazy_gettext("Give the interview's date and time.")
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
    error: LazyProxy | None,
    status: int,
) -> Response:
    claim = await queries.claim_detail(session=session, reference=reference)
    url = f"/officer/claims/{claim.reference}/documents/{{id}}"
    shown = ClaimOut.of(claim, login.officer, url)
    clock = await get_clock(request)
    schedules = await schedules_of_claim(session=session, claim=claim, now=clock())
    shown.reminders = [ReminderScheduleOut.of(s) for s in schedules]
    return render_page(
        request,
        "officer/claim.html",
        {
            **_base(login, request),
            "notice": None if error else notice(request),
            "error": error,
            "claim": shown,
            "move_labels": MOVE_LABELS,
            "timezones": TIMEZONES,
        },
        status=status,
        here=f"/officer/claims/{claim.reference}",
    )


def _choice(
    value: str | None, kind: type[E], unknown: LazyProxy, errors: list[LazyProxy]
) -> E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        errors.append(unknown)
        return None


def _number(value: str | None, wrong: LazyProxy, errors: list[LazyProxy]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        if wrong not in errors:
            errors.append(wrong)
        return None
    return int(value)


def _joined(errors: list[LazyProxy]) -> LazyProxy | None:
    # Joined when the page renders, in its language.
    return LazyProxy(lambda: " ".join(map(str, errors)), enable_cache=False) if errors else None


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
