"""Officers logging in and out of the API: `POST /api/v1/officer/login` gives a bearer token."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.officer_deps import BearerDep, OfficerDep, ThrottleDep, client_address
from backend.db.officers import OfficerRole
from backend.officers import auth, throttle

router = APIRouter(prefix="/api/v1/officer", tags=["officer"])


class LoginRequest(BaseModel):
    """An officer's username and password."""

    username: str = Field(max_length=auth.USERNAME_MAX)
    password: str = Field(max_length=auth.PASSWORD_MAX)


class TokenAnswer(BaseModel):
    """A bearer token for `Authorization: Bearer <token>`; it stops working at `expires_at`."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    username: str
    role: OfficerRole


class Me(BaseModel):
    """The officer the token belongs to."""

    username: str
    role: OfficerRole


@router.post(
    "/login",
    responses={
        401: {"description": "Unknown username or wrong password (the same answer)"},
        429: {
            "description": "Too many failed logins for this username or from this address: "
            "refused, even with the right password, for the seconds in `Retry-After`"
        },
    },
)
async def login(
    request: Request,
    body: LoginRequest,
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    limiter: ThrottleDep,
) -> TokenAnswer:
    """Log in: a fresh token, stored only as its hash, valid for OFFICER_TOKEN_TTL_MINUTES.

    OFFICER_LOGIN_MAX_FAILURES failed logins to a username (or
    OFFICER_LOGIN_MAX_FAILURES_PER_ADDRESS from an address) lock it for a while: 429.
    """
    issued = await throttle.login(
        throttle=limiter,
        session=session,
        username=body.username,
        password=body.password,
        address=client_address(request),
        now=clock(),
        ttl=timedelta(minutes=settings.officer_token_ttl_minutes),
    )
    if issued is None:
        raise HTTPException(status_code=401, detail="wrong username or password")
    return TokenAnswer(
        access_token=issued.token,
        expires_at=issued.expires_at,
        username=issued.officer.username,
        role=issued.officer.role,
    )


@router.post("/logout", status_code=204)
async def logout(officer: OfficerDep, session: SessionDep, credentials: BearerDep) -> None:
    """Log out: the token stops working at once."""
    assert credentials is not None  # OfficerDep has checked it
    await auth.logout(session=session, token=credentials.credentials)
    await session.commit()


@router.get("/me")
async def me(officer: OfficerDep) -> Me:
    """Who the token belongs to."""
    return Me(username=officer.username, role=officer.role)
