"""Server-rendered back-office pages: templates, the login cookie, CSRF tokens, form bodies.

- Templates are Jinja2 with autoescaping on everywhere: whatever a worker or officer typed
  (SQL, HTML, script) is shown as text.
- The login is the same kind of token the API hands out, kept in an HttpOnly,
  SameSite=Strict cookie (Secure when the page was asked for over HTTPS).
- Every form carries a CSRF token derived from the login token (SHA-256 of a fixed label and
  the token): a page of another site can neither read the cookie nor compute the token. The
  login form, before any login, uses a random token in a cookie of its own (double submit).
- Every answer forbids framing, sniffing and any script (Content-Security-Policy).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

TEMPLATES = Path(__file__).resolve().parent / "templates"
SESSION_COOKIE = "jamsos_officer"
LOGIN_CSRF_COOKIE = "jamsos_login_csrf"
FORM_MAX_BYTES = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_environment)


def render_page(
    request: Request, name: str, context: Mapping[str, Any], *, status: int = 200
) -> HTMLResponse:
    """Render a template into a page with the security headers."""
    response = templates.TemplateResponse(
        request,
        name,
        {"officer": None, "csrf": "", "notice": None, "error": None, **context},
        status_code=status,
    )
    response.headers.update(SECURITY_HEADERS)
    return response


def csrf_token(session_token: str) -> str:
    """Return the CSRF token of the forms of a login."""
    return hashlib.sha256(b"jamsos-officer-csrf\x00" + session_token.encode()).hexdigest()


def check_csrf(expected: str, given: str | None) -> None:
    """Refuse (403) a form whose CSRF token is missing or wrong."""
    if not given or not expected or not hmac.compare_digest(expected, given):
        raise HTTPException(status_code=403, detail="the form has expired: reload the page")


def new_login_csrf() -> str:
    """Return a fresh random CSRF token for the login form."""
    return secrets.token_urlsafe(24)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """Set an HttpOnly, SameSite=Strict cookie for the back office only."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/officer",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


async def read_form(request: Request) -> dict[str, str]:
    """Read an `application/x-www-form-urlencoded` body (the last value of each field).

    Raises:
        HTTPException: 413 past 64 KiB, 415 for another content type.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise HTTPException(status_code=415, detail="send the form urlencoded")
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > FORM_MAX_BYTES:
        raise HTTPException(status_code=413, detail="form too large")
    body = await request.body()
    if len(body) > FORM_MAX_BYTES:
        raise HTTPException(status_code=413, detail="form too large")
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
