"""Domain errors as HTTP answers: the one place their status codes are chosen.

| error               | status | body                                                        |
|---------------------|--------|-------------------------------------------------------------|
| `NotFound`          | 404    | `{"detail": "..."}`                                         |
| `NotAllowed`        | 403    | `{"detail": {"message", "needed_role"}}`                    |
| `Conflict`          | 409    | `{"detail": "..."}`: reload and decide again                |
| `IllegalTransition` | 422    | `{"detail": {"message", "from", "to", "allowed"}}`          |
| `InvalidInput`      | 422    | FastAPI's validation shape, `loc` naming the field          |
| `FactError`         | 422    | the same, `loc` naming the fact                             |
| `NotClaimable`      | 422    | `{"detail": {"message", "decision"}}`                       |
| `WebhookRefused`    | 403    | `{"detail": "forbidden"}` (nothing said about why)          |
| `StorageUnavailable`| 503    | `{"detail": "..."}`: nothing was changed, try again         |
| `TooManyAttempts`   | 429    | `{"detail": "..."}` and `Retry-After` (seconds); the same  |
|                     |        | for every username, existing or not                         |

Under `/officer/` (the back-office pages) the same errors are shown as a small HTML page, in
the page's language (`officer_message`); the JSON answers stay in English, for programs.
"""

from __future__ import annotations

import math
from typing import Any

from babel.support import LazyProxy
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from backend.api.page_texts import CLAIM_STATES, ROLES, fact_label, name_of
from backend.api.pages import render_page
from backend.claims.states import next_states
from backend.claims.transitions import NOTE_MAX
from backend.errors import (
    BackendError,
    Conflict,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    NotClaimable,
    NotFound,
    StorageUnavailable,
    TooManyAttempts,
    WebhookRefused,
)
from backend.officers.tickets import REPLY_MAX
from dialogues.errors import FactError, MissingFact
from dialogues.i18n import gettext, ngettext

PAGES_PREFIX = "/officer"


def _answer(
    request: Request,
    status: int,
    detail: Any,
    error: Exception,
    headers: dict[str, str] | None = None,
) -> Response:
    response: Response
    if request.url.path == PAGES_PREFIX or request.url.path.startswith(PAGES_PREFIX + "/"):
        message = LazyProxy(officer_message, error, enable_cache=False)
        response = render_page(
            request, "officer/error.html", {"status": status, "message": message}, status=status
        )
    else:
        response = JSONResponse({"detail": detail}, status_code=status)
    response.headers.update(headers or {})
    return response


def retry_after_header(error: TooManyAttempts) -> dict[str, str]:
    """`Retry-After` in whole seconds, rounded up (at least 1)."""
    return {"Retry-After": str(max(1, math.ceil(error.retry_after.total_seconds())))}


async def _not_found(request: Request, error: Exception) -> Response:
    return _answer(request, 404, "not found", error)


async def _not_allowed(request: Request, error: Exception) -> Response:
    assert isinstance(error, NotAllowed)
    detail = {"message": str(error), "needed_role": error.needed}
    return _answer(request, 403, detail, error)


async def _conflict(request: Request, error: Exception) -> Response:
    return _answer(request, 409, str(error), error)


async def _illegal(request: Request, error: Exception) -> Response:
    assert isinstance(error, IllegalTransition)
    allowed = [str(s) for s in next_states(error.source, error.actor)]
    detail = {
        "message": str(error),
        "from": str(error.source),
        "to": str(error.target),
        "allowed": allowed,
    }
    return _answer(request, 422, detail, error)


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidInput)
    detail = [{"type": "value_error", "loc": ["body", error.field], "msg": error.message}]
    return _answer(request, 422, detail, error)


async def _unavailable(request: Request, error: Exception) -> Response:
    return _answer(request, 503, "a store we need is unavailable; nothing was changed", error)


async def _too_many(request: Request, error: Exception) -> Response:
    assert isinstance(error, TooManyAttempts)
    detail = "too many failed logins: try again later"
    return _answer(request, 429, detail, error, retry_after_header(error))


async def _webhook_refused(request: Request, error: Exception) -> Response:
    # A caller guessing secrets learns nothing from the answer but "no".
    return JSONResponse({"detail": "forbidden"}, status_code=403)


def status_of(error: BackendError) -> tuple[int, LazyProxy]:
    """Return the status code and the message for an officer (translated when shown)."""
    if isinstance(error, NotFound):
        status = 404
    elif isinstance(error, NotAllowed):
        status = 403
    elif isinstance(error, Conflict):
        status = 409
    elif isinstance(error, IllegalTransition | InvalidInput):
        status = 422
    elif isinstance(error, StorageUnavailable):
        status = 503
    elif isinstance(error, TooManyAttempts):
        status = 429
    else:
        status = 500
    return status, LazyProxy(officer_message, error, enable_cache=False)


def officer_message(error: Exception) -> str:
    """What a page tells an officer about a domain error, in the current language."""
    if isinstance(error, NotFound):
        return gettext("Not found.")
    if isinstance(error, NotAllowed):
        roles = {role.value: name for role, name in ROLES.items()}
        return gettext(
            "Not allowed: only a {role} may do this.", role=roles.get(error.needed, error.needed)
        )
    if isinstance(error, Conflict):
        return gettext(
            "Someone else changed this meanwhile; what you see now is its current state. "
            "Decide again."
        )
    if isinstance(error, IllegalTransition):
        allowed = ", ".join(name_of(s) for s in next_states(error.source, error.actor))
        return gettext(
            "Not possible: a claim that is “{source}” can't be moved to “{target}” "
            "(possible now: {allowed}).",
            source=CLAIM_STATES[error.source],
            target=CLAIM_STATES[error.target],
            allowed=allowed or gettext("nothing"),
        )
    if isinstance(error, InvalidInput):
        return _invalid_message(error)
    if isinstance(error, FactError):
        return gettext("This fact can't be used: {fact}.", fact=fact_label(error.field))
    if isinstance(error, NotClaimable):
        return gettext("Not claimable (yet).")
    if isinstance(error, StorageUnavailable):
        return gettext("A store we need can't be reached just now; nothing was changed. Try again.")
    if isinstance(error, TooManyAttempts):
        minutes = max(1, math.ceil(error.retry_after.total_seconds() / 60))
        return ngettext(
            "Too many failed logins. To keep the accounts safe, logging in is paused: "
            "please try again in {count} minute.",
            "Too many failed logins. To keep the accounts safe, logging in is paused: "
            "please try again in {count} minutes.",
            minutes,
        )
    return gettext("Something went wrong.")


def _invalid_message(error: InvalidInput) -> str:
    # By field: the fields the pages' actions can refuse (transitions, ticket replies).
    if error.field == "interview_at":
        return gettext("The interview needs a date and time in the future.")
    if error.field == "note":
        return gettext("The note may be at most {count} characters long.", count=NOTE_MAX)
    if error.field == "body":
        return gettext("The reply must be 1 to {count} characters long.", count=REPLY_MAX)
    if error.field == "ticket":
        return gettext("This ticket is closed.")
    return gettext("This value can't be used: {field}.", field=error.field)


async def _fact(request: Request, error: Exception) -> Response:
    assert isinstance(error, FactError)
    kind = "missing" if isinstance(error, MissingFact) else "value_error"
    detail = [{"type": kind, "loc": ["body", "facts", error.field], "msg": error.message}]
    return _answer(request, 422, detail, error)


async def _not_claimable(request: Request, error: Exception) -> Response:
    assert isinstance(error, NotClaimable)
    detail = {"message": "not claimable (yet)", "decision": error.decision.to_dict()}
    return _answer(request, 422, detail, error)


def install_error_handlers(app: FastAPI) -> None:
    """Answer the backend's domain errors with their status codes."""
    app.add_exception_handler(FactError, _fact)
    app.add_exception_handler(NotClaimable, _not_claimable)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(NotAllowed, _not_allowed)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(IllegalTransition, _illegal)
    app.add_exception_handler(InvalidInput, _invalid)
    app.add_exception_handler(WebhookRefused, _webhook_refused)
    app.add_exception_handler(StorageUnavailable, _unavailable)
    app.add_exception_handler(TooManyAttempts, _too_many)
