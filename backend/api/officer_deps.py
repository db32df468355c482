"""Who the officer is: the API's bearer token or the pages' cookie, as dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.pages import SESSION_COOKIE, csrf_token
from backend.db.officers import Officer
from backend.expiring import ExpiringKeys
from backend.officers.auth import officer_for_token
from backend.officers.throttle import LoginLimits, LoginThrottle

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="OfficerToken",
    description="The token `POST /api/v1/officer/login` returns; it expires.",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def current_officer(
    session: SessionDep,
    clock: ClockDep,
    credentials: BearerDep,
) -> Officer:
    """Return the officer whose bearer token this is; 401 when missing, unknown or expired."""
    if credentials is None:
        raise HTTPException(
            status_code=401, detail="log in first", headers={"WWW-Authenticate": "Bearer"}
        )
    officer = await officer_for_token(session=session, token=credentials.credentials, now=clock())
    if officer is None:
        raise HTTPException(
            status_code=401,
            detail="the token is unknown or has expired: log in again",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return officer


OfficerDep = Annotated[Officer, Depends(current_officer)]


async def login_throttle(request: Request, settings: SettingsDep) -> LoginThrottle:
    """Return the failed-login counter on the keys every server process shares."""
    keys: ExpiringKeys = request.app.state.keys
    return LoginThrottle(
        keys,
        LoginLimits(
            max_failures=settings.officer_login_max_failures,
            max_failures_per_address=settings.officer_login_max_failures_per_address,
            window=timedelta(minutes=settings.officer_login_window_minutes),
            lock=timedelta(minutes=settings.officer_login_lock_minutes),
        ),
    )


ThrottleDep = Annotated[LoginThrottle, Depends(login_throttle)]


def client_address(request: Request) -> str | None:
    """The client's address (behind a proxy, as uvicorn's FORWARDED_ALLOW_IPS lets it tell)."""
    return request.client.host if request.client is not None else None


@dataclass(frozen=True, slots=True)
class PageLogin:
    """The officer of a back-office page, their login token and their forms' CSRF token."""

    officer: Officer
    token: str
    csrf: str


async def page_login(request: Request, session: SessionDep, clock: ClockDep) -> PageLogin:
    """Return the officer the login cookie names; otherwise send the browser to log in."""
    token = request.cookies.get(SESSION_COOKIE, "")
    officer = await officer_for_token(session=session, token=token, now=clock()) if token else None
    if officer is None:
        raise HTTPException(status_code=303, headers={"Location": "/officer/login"})
    return PageLogin(officer=officer, token=token, csrf=csrf_token(token))


PageLoginDep = Annotated[PageLogin, Depends(page_login)]


async def roll_back(session: AsyncSession, login: PageLogin) -> None:
    """Undo a refused action, keeping the officer readable for the page that says why."""
    await session.rollback()
    await session.refresh(login.officer)
