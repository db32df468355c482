"""The back-office pages' session: the login form, logging in and out, the page language, the
stylesheet."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from babel.support import LazyProxy
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.officer_deps import PageLoginDep, ThrottleDep, client_address
from backend.api.pages import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_MAX_AGE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    new_login_csrf,
    read_form,
    render_page,
    safe_next,
    set_cookie,
)
from backend.api.problems import officer_message, retry_after_header
from backend.errors import TooManyAttempts
from backend.officers import auth, throttle
from dialogues.i18n import lazy_gettext
from nlu import Language

router = APIRouter(prefix="/officer", include_in_schema=False)

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "officer.css"


@router.get("/static/officer.css")
async def stylesheet() -> FileResponse:
    """The pages' stylesheet."""
    return FileResponse(STYLESHEET, media_type="text/css")


@router.get("")
@router.get("/")
async def home() -> RedirectResponse:
    """Start at the claims queue."""
    return RedirectResponse("/officer/claims", status_code=303)


@router.get("/language")
async def switch_language(request: Request) -> RedirectResponse:
    """Keep the language chosen (`lang`) in a cookie and go back to the page (`next`)."""
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    chosen = request.query_params.get("lang", "")
    if chosen in {language.value for language in Language}:
        # Lax, not Strict: a link to the back office from elsewhere still opens in it.
        set_cookie(
            response, request, LANGUAGE_COOKIE, chosen, LANGUAGE_COOKIE_MAX_AGE, samesite="lax"
        )
    return response


@router.get("/login")
async def login_page(request: Request) -> Response:
    """The login form."""
    return _login_form(request, username="", error=None, status=200)


@router.post("/login")
async def login(
    request: Request,
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    limiter: ThrottleDep,
) -> Response:
    """Check the password; on success set the login cookie and go to the queue.

    Too many failed logins: the form again, saying to wait (429, `Retry-After`).
    """
    form = await read_form(request)
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf"))
    ttl = timedelta(minutes=settings.officer_token_ttl_minutes)
    try:
        issued = await throttle.login(
            throttle=limiter,
            session=session,
            username=form.get("username", ""),
            password=form.get("password", ""),
            address=client_address(request),
            now=clock(),
            ttl=ttl,
        )
    except TooManyAttempts as error:
        response = _login_form(
            request,
            username=form.get("username", "")[: auth.USERNAME_MAX],
            error=LazyProxy(officer_message, error, enable_cache=False),
            status=429,
        )
        response.headers.update(retry_after_header(error))
        return response
    if issued is None:
        return _login_form(
            request,
            username=form.get("username", "")[: auth.USERNAME_MAX],
            error=lazy_gettext("Wrong username or password."),
            status=401,
        )
    response = RedirectResponse("/officer/claims", status_code=303)
    set_cookie(response, request, SESSION_COOKIE, issued.token, int(ttl.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/officer")
    return response


@router.post("/logout")
async def logout(request: Request, login: PageLoginDep, session: SessionDep) -> Response:
    """Forget the login and go back to the login form."""
    check_csrf(login.csrf, (await read_form(request)).get("csrf"))
    await auth.logout(session=session, token=login.token)
    await session.commit()
    response = RedirectResponse("/officer/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/officer")
    return response


def _login_form(
    request: Request, *, username: str, error: LazyProxy | None, status: int
) -> Response:
    token = new_login_csrf()
    response = render_page(
        request,
        "officer/login.html",
        {"login_csrf": token, "username": username, "error": error, "notice": None},
        status=status,
        here="/officer/login",
    )
    set_cookie(response, request, LOGIN_CSRF_COOKIE, token, 3600)
    return response
