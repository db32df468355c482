"""The back-office pages over HTTP: cookie login, CSRF, escaping, moves and their refusals.

The pages speak Indonesian unless told otherwise (test_page_language.py), so these read it.
"""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import ClaimState
from backend.db.claims import Claim
from backend.db.officers import OfficerRole
from backend.db.tickets import TicketMessage
from tests.backend.officers.factories import Account, add_officer, add_ticket, claim_on, new_channel

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def log_in(api: httpx.AsyncClient, account: Account) -> str:
    """Log in through the form; return the CSRF token of the pages."""
    form = await api.get("/officer/login")
    token = CSRF.search(form.text)
    assert token is not None
    answer = await api.post(
        "/officer/login",
        data={"csrf": token.group(1), "username": account.username, "password": account.password},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/officer/claims"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/officer" in cookie
    page = await api.get("/officer/claims")
    found = CSRF.search(page.text)
    assert page.status_code == 200 and found is not None
    return found.group(1)


async def test_pages_need_a_login_and_a_login_form_token(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    answer = await api.get("/officer/claims")
    assert answer.status_code == 303 and answer.headers["location"] == "/officer/login"
    account = await add_officer(sessions)
    forged = await api.post(
        "/officer/login",
        data={"csrf": "made-up", "username": account.username, "password": account.password},
    )
    assert forged.status_code == 403
    form = await api.get("/officer/login")
    assert "script-src" not in form.headers["content-security-policy"]
    assert "default-src 'none'" in form.headers["content-security-policy"]
    token = CSRF.search(form.text)
    assert token is not None
    wrong = await api.post(
        "/officer/login",
        data={"csrf": token.group(1), "username": account.username, "password": "nope"},
    )
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.text


async def test_forms_without_the_csrf_token_are_refused(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    await log_in(api, await add_officer(sessions))
    url = f"/officer/claims/{claim.reference}/move"
    for csrf in ("", "0" * 64):
        refused = await api.post(
            url, data={"csrf": csrf, "to": "verifying", "expected_version": "1"}
        )
        assert refused.status_code == 403
    async with sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
    assert stored is not None and stored.state is ClaimState.SUBMITTED


async def test_what_workers_and_officers_type_is_shown_as_text(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    evil = "<script>alert(1)</script>'; DROP TABLE claim; --"
    channel = new_channel()
    async with sessions.begin() as session:
        claim = await claim_on(session, channel)
        claim.bank_account_holder = evil
        ticket = await add_ticket(session, channel, body=evil)
    version = str(claim.version)
    csrf = await log_in(api, await add_officer(sessions))
    moved = await api.post(
        f"/officer/claims/{claim.reference}/move",
        data={"csrf": csrf, "to": "verifying", "expected_version": version, "note": evil},
    )
    assert moved.status_code == 303
    reply = await api.post(
        f"/officer/tickets/{ticket.reference}/reply", data={"csrf": csrf, "body": evil}
    )
    assert reply.status_code == 303
    for url in (f"/officer/claims/{claim.reference}", f"/officer/tickets/{ticket.reference}"):
        page = await api.get(url)
        assert "<script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&#39;; DROP TABLE claim; --" in page.text
    async with sessions() as session:
        bodies = (
            await session.scalars(
                select(TicketMessage.body).where(TicketMessage.ticket_id == ticket.id)
            )
        ).all()
    assert bodies == [evil, evil]


async def test_a_refused_move_shows_the_claim_again_with_the_reason(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    csrf = await log_in(api, await add_officer(sessions))
    url = f"/officer/claims/{claim.reference}/move"
    first = await api.post(url, data={"csrf": csrf, "to": "verifying", "expected_version": "1"})
    assert first.status_code == 303
    assert "status klaim telah diubah" in (await api.get(first.headers["location"])).text
    stale = await api.post(
        url, data={"csrf": csrf, "to": "needs_documents", "expected_version": "1"}
    )
    assert stale.status_code == 409 and "diubah oleh petugas lain" in stale.text
    role = await api.post(url, data={"csrf": csrf, "to": "rejected", "expected_version": "2"})
    assert role.status_code == 403 and "hanya supervisor yang berwenang" in role.text
    no_time = await api.post(
        url, data={"csrf": csrf, "to": "interview_scheduled", "expected_version": "2"}
    )
    assert no_time.status_code == 422 and "Isikan tanggal dan waktu wawancara." in no_time.text
    past = await api.post(
        url,
        data={
            "csrf": csrf,
            "to": "interview_scheduled",
            "expected_version": "2",
            "interview_at": "2020-01-01T10:00",
            "timezone": "Asia/Jakarta",
        },
    )
    assert past.status_code == 422 and "tanggal dan waktu yang akan datang" in past.text
    scheduled = await api.post(
        url,
        data={
            "csrf": csrf,
            "to": "interview_scheduled",
            "expected_version": "2",
            "interview_at": "2026-11-30T10:00",
            "timezone": "Asia/Hong_Kong",
        },
    )
    assert scheduled.status_code == 303
    async with sessions() as session:
        stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
    assert stored is not None and stored.interview_at is not None
    assert stored.interview_at.isoformat() == "2026-11-30T02:00:00+00:00"
    missing = await api.get("/officer/claims/CLM-00000000")
    assert missing.status_code == 404 and "Tidak ditemukan." in missing.text


async def test_logging_out_ends_the_pages_session(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    csrf = await log_in(api, await add_officer(sessions, OfficerRole.SUPERVISOR))
    out = await api.post("/officer/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/officer/login"
    assert (await api.get("/officer/claims")).status_code == 303
