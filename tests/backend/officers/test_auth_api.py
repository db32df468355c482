"""Officers logging in: tokens that expire and can be revoked, one answer for every wrong login."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.officers import Officer, OfficerRole, OfficerToken
from backend.security import token_hash
from backend.seed import seed_demo
from tests.backend.db.factories import NOW
from tests.backend.officers.factories import add_officer, bearer
from tests.factories import ManualClock


async def test_login_gives_a_token_stored_only_as_its_hash(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    answer = await api.post(
        "/api/v1/officer/login", json={"username": account.username, "password": account.password}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer" and body["role"] == "officer"
    me = await api.get(
        "/api/v1/officer/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json() == {"username": account.username, "role": "officer"}
    async with sessions() as session:
        stored = (
            await session.scalars(
                select(OfficerToken.token_hash)
                .join(Officer)
                .where(Officer.username == account.username)
            )
        ).all()
    assert stored == [token_hash(body["access_token"])]


async def test_unknown_user_and_wrong_password_get_the_same_answer(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    wrong = await api.post(
        "/api/v1/officer/login", json={"username": account.username, "password": "not it"}
    )
    unknown = await api.post(
        "/api/v1/officer/login", json={"username": "nobody-at-all", "password": "not it"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong username or password"}
    huge = await api.post(
        "/api/v1/officer/login", json={"username": account.username, "password": "x" * 5000}
    )
    assert huge.status_code == 422


async def test_an_inactive_account_can_not_log_in_nor_use_its_tokens(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    headers = await bearer(api, account)
    async with sessions.begin() as session:
        officer = await session.scalar(select(Officer).where(Officer.username == account.username))
        assert officer is not None
        officer.active = False
    assert (await api.get("/api/v1/officer/me", headers=headers)).status_code == 401
    login = await api.post(
        "/api/v1/officer/login", json={"username": account.username, "password": account.password}
    )
    assert login.status_code == 401


async def test_tokens_expire(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    headers = await bearer(api, await add_officer(sessions))
    clock.advance(timedelta(minutes=479))
    assert (await api.get("/api/v1/officer/me", headers=headers)).status_code == 200
    clock.advance(timedelta(minutes=1))
    expired = await api.get("/api/v1/officer/me", headers=headers)
    assert expired.status_code == 401
    assert "invalid_token" in expired.headers["www-authenticate"]


async def test_no_token_a_forged_one_and_a_logged_out_one_are_refused(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    assert (await api.get("/api/v1/officer/claims")).status_code == 401
    forged = {"Authorization": "Bearer " + "A" * 43}
    assert (await api.get("/api/v1/officer/claims", headers=forged)).status_code == 401
    headers = await bearer(api, await add_officer(sessions, OfficerRole.SUPERVISOR))
    assert (await api.post("/api/v1/officer/logout", headers=headers)).status_code == 204
    assert (await api.get("/api/v1/officer/me", headers=headers)).status_code == 401


async def test_the_officer_api_is_documented(api: httpx.AsyncClient) -> None:
    schema = (await api.get("/openapi.json")).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/officer/login",
        "/api/v1/officer/claims",
        "/api/v1/officer/claims/{reference}/transitions",
        "/api/v1/officer/claims/{reference}/interview",
        "/api/v1/officer/claims/{reference}/paid",
        "/api/v1/officer/tickets/{reference}/replies",
        "/api/v1/officer/tickets/{reference}/handback",
    ):
        assert path in paths, path
    assert "OfficerToken" in schema["components"]["securitySchemes"]
    assert not [p for p in paths if p.startswith("/officer")], "pages stay out of the API docs"


async def test_the_seed_demo_supervisor_can_log_in_as_printed(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        report = await seed_demo(session=session, today=NOW.date(), reset_password=True)
    assert report.officer_password is not None
    answer = await api.post(
        "/api/v1/officer/login",
        json={"username": report.officer_username, "password": report.officer_password},
    )
    assert answer.status_code == 200 and answer.json()["role"] == "supervisor"
