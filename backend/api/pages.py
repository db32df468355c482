"""Server-rendered back-office pages: templates, the login cookie, CSRF tokens, form bodies.

- Templates are Jinja2 with autoescaping on everywhere: whatever a worker or officer typed
  (SQL, HTML, script) is shown as text.
- The login is the same kind of token the API hands out, kept in an HttpOnly,
  SameSite=Strict cookie (Secure when the page was asked for over HTTPS).
- Every form carries a CSRF token derived from the login token (SHA-256 of a fixed label and
  the token): a page of another site can neither read the cookie nor compute the token. The
  login form, before any login, uses a random token in a cookie of its own (double submit).
- Every answer forbids framing, sniffing and any script (Content-Security-Policy).
- Pages are in Indonesian or English, chosen once per request: the `lang` cookie (set by the
  switch link on every page), else the browser's Accept-Language, else Indonesian. Templates
  and routes mark their texts with gettext (`jinja2.ext.i18n` calls ours); texts made before
  rendering are lazy, translated inside `use_language` while the page renders.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

import jinja2
from babel import Locale
from babel.dates import format_skeleton, get_timezone_location
from babel.numbers import format_decimal
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from backend.api import page_texts
from dialogues.i18n import current_language, gettext, ngettext, shared_catalogs, use_language
from nlu import Language

TEMPLATES = Path(__file__).resolve().parent / "templates"
SESSION_COOKIE = "jamsos_officer"
LOGIN_CSRF_COOKIE = "jamsos_login_csrf"
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
DEFAULT_LANGUAGE = Language.ID
LANGUAGE_NAMES = {Language.ID: "Bahasa Indonesia", Language.EN: "English"}
"""Each language named in itself on the switch link (so never translated)."""
_LANGUAGE_TAGS = {"id": Language.ID, "in": Language.ID, "en": Language.EN}
HOME = "/officer/claims"
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
    extensions=["jinja2.ext.i18n"],
)
# Not newstyle: `_("... {name}", name=x)` reaches our gettext, which fills `{name}` itself;
# autoescaping then escapes the whole text, values included.
_environment.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=gettext, ngettext=ngettext, newstyle=False
)


def _moment(value: datetime) -> str:
    """A moment in UTC the page language's way: 21 Nov 2026 10.00, Nov 21, 2026, 10:00."""
    locale = Locale.parse(current_language().value)
    day = format_skeleton("yMMMd", value, tzinfo=UTC, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=UTC, locale=locale)
    return str(locale.datetime_formats["medium"]).format(time, day)


def _country(code: str) -> str:
    """A country (ISO 3166 code) by its name in the page language."""
    return str(Locale.parse(current_language().value).territories.get(code.upper(), code))


def _zone(name: str) -> str:
    """A time zone for the interview form: Asia/Jakarta with its name in the page language."""
    if name == "UTC":
        return name
    return f"{name} · {get_timezone_location(name, locale=current_language().value)}"


def _number(value: float) -> str:
    """A number with at most one decimal, in the page language's notation (1,5 or 1.5)."""
    return format_decimal(value, format="#,##0.#", locale=current_language().value)


_environment.filters.update(moment=_moment, number=_number, zone=_zone, country=_country)
_environment.globals.update(
    name_of=page_texts.name_of,
    fact_label=page_texts.fact_label,
    fact_value=page_texts.fact_value,
    reason_text=page_texts.reason_text,
    document_name=page_texts.document_name,
)
templates = Jinja2Templates(env=_environment)


def page_language(request: Request) -> Language:
    """The language of the request's page, chosen once and kept for the request."""
    chosen = getattr(request.state, "page_language", None)
    if isinstance(chosen, Language):
        return chosen
    chosen = (
        _LANGUAGE_TAGS.get(request.cookies.get(LANGUAGE_COOKIE, ""))
        or accepted_language(request.headers.get("accept-language", ""))
        or DEFAULT_LANGUAGE
    )
    request.state.page_language = chosen
    return chosen


def accepted_language(header: str) -> Language | None:
    """The language the Accept-Language header prefers most among ours (None: neither)."""
    best, best_weight = None, 0.0
    for item in header.split(",")[:32]:
        tag, _, parameters = item.partition(";")
        language = _LANGUAGE_TAGS.get(tag.strip().split("-")[0].lower())
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        if language is not None and 0 < weight <= 1 and weight > best_weight:
            best, best_weight = language, weight
    return best


def safe_next(target: str | None) -> str:
    """Where to go back to after switching language: a back-office path, else the queue."""
    if (
        target
        and (target == "/officer" or target.startswith(("/officer/", "/officer?")))
        and target.isprintable()
        and "\\" not in target
    ):
        return target
    return HOME


def _language_links(request: Request, here: str | None) -> list[dict[str, str]]:
    if here is None:
        query = f"?{request.url.query}" if request.url.query else ""
        here = request.url.path + query if request.method == "GET" else HOME
    return [
        {
            "code": language.value,
            "name": LANGUAGE_NAMES[language],
            "url": "/officer/language?"
            + urlencode({"lang": language.value, "next": here}, safe="/"),
        }
        for language in Language
    ]


def render_page(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    here: str | None = None,
) -> HTMLResponse:
    """Render a template into a page, in the request's language, with the security headers.

    `here` is the page's address for the language switch to come back to; by default the
    address asked for (a GET), or the queue (a refused form shown again at its POST address).
    """
    language = page_language(request)
    catalogs = shared_catalogs(request.app.state.settings.locales_dir)
    with use_language(catalogs, language):
        response = templates.TemplateResponse(
            request,
            name,
            {
                "officer": None,
                "csrf": "",
                "notice": None,
                "error": None,
                "page_language": language.value,
                "languages": _language_links(request, here),
                **context,
            },
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


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    max_age: int,
    *,
    samesite: Literal["strict", "lax"] = "strict",
) -> None:
    """Set an HttpOnly cookie (SameSite=Strict unless told) for the back office only."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/officer",
        httponly=True,
        samesite=samesite,
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
