"""Officers logging in and out of the API: `POST /api/v1/officer/login` gives a bearer token."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.officer_deps import BearerDep, OfficerDep
from backend.db.officers import OfficerRole
from backend.officers import auth

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
    responses={401: {"description": "Unknown username or wrong password (the same answer)"}},
)
async def login(
    body: LoginRequest, session: SessionDep, clock: ClockDep, settings: SettingsDep
) -> TokenAnswer:
    """Log in: a fresh token, stored only as its hash, valid for OFFICER_TOKEN_TTL_MINUTES."""
    issued = await auth.login(
        session=session,
        username=body.username,
        password=body.password,
        now=clock(),
        ttl=timedelta(minutes=settings.officer_token_ttl_minutes),
    )
    if issued is None:
        raise HTTPException(status_code=401, detail="wrong username or password")
    await session.commit()
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
