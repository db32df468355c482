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

Under `/officer/` (the back-office pages) the same errors are shown as a small HTML page.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from backend.api.pages import render_page
from backend.claims.states import next_states
from backend.errors import (
    BackendError,
    Conflict,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    NotClaimable,
    NotFound,
    WebhookRefused,
)
from dialogues.errors import FactError, MissingFact

PAGES_PREFIX = "/officer"


def _answer(request: Request, status: int, detail: Any, message: str) -> Response:
    if request.url.path == PAGES_PREFIX or request.url.path.startswith(PAGES_PREFIX + "/"):
        return render_page(
            request, "officer/error.html", {"status": status, "message": message}, status=status
        )
    return JSONResponse({"detail": detail}, status_code=status)


async def _not_found(request: Request, error: Exception) -> Response:
    return _answer(request, 404, "not found", "Not found.")


async def _not_allowed(request: Request, error: Exception) -> Response:
    assert isinstance(error, NotAllowed)
    detail = {"message": str(error), "needed_role": error.needed}
    return _answer(request, 403, detail, f"Not allowed: {error}.")


async def _conflict(request: Request, error: Exception) -> Response:
    return _answer(request, 409, str(error), f"Conflict: {error}.")


async def _illegal(request: Request, error: Exception) -> Response:
    assert isinstance(error, IllegalTransition)
    allowed = [str(s) for s in next_states(error.source, error.actor)]
    detail = {
        "message": str(error),
        "from": str(error.source),
        "to": str(error.target),
        "allowed": allowed,
    }
    return _answer(request, 422, detail, f"Not possible: {error}.")


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidInput)
    detail = [{"type": "value_error", "loc": ["body", error.field], "msg": error.message}]
    return _answer(request, 422, detail, f"{error.field}: {error.message}.")


async def _webhook_refused(request: Request, error: Exception) -> Response:
    # A caller guessing secrets learns nothing from the answer but "no".
    return JSONResponse({"detail": "forbidden"}, status_code=403)


def status_of(error: BackendError) -> tuple[int, str]:
    """Return the status code and a message for an officer for a domain error."""
    if isinstance(error, NotFound):
        return 404, "Not found."
    if isinstance(error, NotAllowed):
        return 403, f"Not allowed: {error}."
    if isinstance(error, Conflict):
        return 409, (
            "Someone else changed this claim meanwhile; what you see now is its current state. "
            "Decide again."
        )
    if isinstance(error, IllegalTransition):
        allowed = ", ".join(str(s) for s in next_states(error.source, error.actor)) or "none"
        return 422, f"Not possible: {error} (possible now: {allowed})."
    if isinstance(error, InvalidInput):
        return 422, f"{error.field}: {error.message}."
    return 500, "Something went wrong."


async def _fact(request: Request, error: Exception) -> Response:
    assert isinstance(error, FactError)
    kind = "missing" if isinstance(error, MissingFact) else "value_error"
    detail = [{"type": kind, "loc": ["body", "facts", error.field], "msg": error.message}]
    return _answer(request, 422, detail, f"{error.field}: {error.message}.")


async def _not_claimable(request: Request, error: Exception) -> Response:
    assert isinstance(error, NotClaimable)
    detail = {"message": "not claimable (yet)", "decision": error.decision.to_dict()}
    return _answer(request, 422, detail, "Not claimable (yet).")


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
