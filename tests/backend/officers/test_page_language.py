"""The back-office pages in Indonesian or English: the `lang` cookie, Accept-Language, switch."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api import page_texts
from backend.api.pages import accepted_language, safe_next
from backend.claims.states import ActorKind, ClaimState
from backend.db.officers import OfficerRole
from backend.db.participants import MembershipStatus
from backend.db.tickets import AuthorKind, TicketKind, TicketState
from dialogues.rules import facts
from nlu import Language, Program
from tests.backend.officers.factories import (
    add_officer,
    add_ticket,
    bearer,
    claim_on,
    new_channel,
)
from tests.backend.officers.test_pages import log_in

SWITCH = re.compile(r'href="(/officer/language\?lang=(id|en)&amp;next=[^"]*)"')


def switch_link(page: str, language: str) -> str:
    """The address of the page's link to `language`."""
    links = {code: unescape(url) for url, code in SWITCH.findall(page)}
    assert language in links, page
    return links[language]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("en", Language.EN),
        ("en-GB,en;q=0.9", Language.EN),
        ("id-ID,id;q=0.9,en;q=0.8", Language.ID),
        ("in", Language.ID),
        ("fr-FR, en;q=0.5", Language.EN),
        ("en;q=0.3, id;q=0.8", Language.ID),
        ("en;q=0, id;q=0", None),
        ("en;q=nonsense, id;q=0.1", Language.ID),
        ("fr, de;q=0.5, *;q=0.1", None),
    ],
)
def test_accept_language_picks_the_preferred_of_ours(
    header: str, expected: Language | None
) -> None:
    assert accepted_language(header) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/officer/claims?state=paid&page=2", "/officer/claims?state=paid&page=2"),
        ("/officer/tickets/TKT-ABCDEFGH", "/officer/tickets/TKT-ABCDEFGH"),
        ("/officer", "/officer"),
        (None, "/officer/claims"),
        ("", "/officer/claims"),
        ("https://evil.example/officer/", "/officer/claims"),
        ("//evil.example/officer/", "/officer/claims"),
        ("/officerx", "/officer/claims"),
        ("/officer/\\evil", "/officer/claims"),
        ("/officer/claims\r\nSet-Cookie: x=1", "/officer/claims"),
        ("/api/v1/officer/claims", "/officer/claims"),
    ],
)
def test_the_switch_only_goes_back_into_the_back_office(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_every_code_the_pages_show_has_a_name() -> None:
    for names, kind in [
        (page_texts.CLAIM_STATES, ClaimState),
        (page_texts.PROGRAMS, Program),
        (page_texts.TICKET_STATES, TicketState),
        (page_texts.TICKET_KINDS, TicketKind),
        (page_texts.ROLES, OfficerRole),
        (page_texts.ACTORS, ActorKind),
        (page_texts.AUTHORS, AuthorKind),
        (page_texts.SEGMENTS, facts.Segment),
        (page_texts.MEMBERSHIP, MembershipStatus),
        (page_texts.LANGUAGES, Language),
    ]:
        assert set(names) == set(kind), kind
    fields = {
        field.name
        for kind in (facts.JhtFacts, facts.JkpFacts, facts.JkmFacts, facts.JkkFacts, facts.JpFacts)
        for field in dataclasses.fields(kind)
    }
    assert fields == set(page_texts.FACTS)


async def test_pages_are_indonesian_unless_the_browser_prefers_english(
    api: httpx.AsyncClient,
) -> None:
    default = await api.get("/officer/login")
    assert '<html lang="id">' in default.text
    assert "<h1>Masuk</h1>" in default.text and "Nama pengguna" in default.text
    assert "Username" not in default.text
    english = await api.get("/officer/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.text
    assert "<h1>Log in</h1>" in english.text and "Username" in english.text
    other = await api.get("/officer/login", headers={"Accept-Language": "fr, ja;q=0.5"})
    assert '<html lang="id">' in other.text


async def test_the_lang_cookie_wins_over_accept_language(api: httpx.AsyncClient) -> None:
    page = await api.get("/officer/login", headers={"Accept-Language": "id", "Cookie": "lang=en"})
    assert '<html lang="en">' in page.text and "Password" in page.text
    unknown = await api.get(
        "/officer/login", headers={"Accept-Language": "en", "Cookie": "lang=xx"}
    )
    assert '<html lang="en">' in unknown.text


async def test_the_switch_link_keeps_the_language_and_comes_back(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    await log_in(api, await add_officer(sessions))
    url = f"/officer/claims?channel={claim.channel}"
    indonesian = await api.get(url)
    assert "Antrean klaim" in indonesian.text and "Diajukan" in indonesian.text
    assert "21 Nov 2026 09.00" in indonesian.text
    switch = switch_link(indonesian.text, "en")
    assert "Bahasa Indonesia</strong>" in indonesian.text
    answer = await api.get(switch)
    assert answer.status_code == 303 and answer.headers["location"] == url
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("lang=en;") and "Path=/officer" in cookie
    assert "SameSite=lax" in cookie and "HttpOnly" in cookie
    english = await api.get(url, headers={"Accept-Language": "id"})
    assert '<html lang="en">' in english.text
    assert "Claims queue" in english.text and "Submitted" in english.text
    assert "Nov 21, 2026, 09:00" in english.text
    back = await api.get(switch_link(english.text, "id"))
    assert back.status_code == 303 and back.headers["location"] == url
    assert "Antrean klaim" in (await api.get(url)).text
    nowhere = await api.get("/officer/language", params={"lang": "en", "next": "https://x.test/"})
    assert nowhere.headers["location"] == "/officer/claims"
    unknown = await api.get("/officer/language", params={"lang": "xx", "next": "/officer/tickets"})
    assert unknown.headers["location"] == "/officer/tickets"
    assert "set-cookie" not in unknown.headers


async def speak(api: httpx.AsyncClient, language: str) -> None:
    """Choose the pages' language as the switch link does (the client keeps the cookie)."""
    answer = await api.get("/officer/language", params={"lang": language, "next": "/officer"})
    assert answer.status_code == 303


async def test_messages_of_the_routes_are_in_the_page_language(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
        ticket = await add_ticket(session, claim.channel)
    account = await add_officer(sessions, OfficerRole.SUPERVISOR)
    csrf = await log_in(api, account)
    url = f"/officer/claims/{claim.reference}/move"
    moved = await api.post(url, data={"csrf": csrf, "to": "verifying", "expected_version": "1"})
    await speak(api, "en")
    done = await api.get(moved.headers["location"])
    assert "Done: the claim was moved and the worker will be told." in done.text
    assert "<dt>Worker&#39;s language</dt><dd>Indonesian</dd>" in done.text
    assert "<dd>migrant worker (PMI)</dd>" in done.text
    assert "<dd>Hong Kong SAR China</dd>" in done.text
    assert "<th>Date of birth</th><td>Jan 1, 1965</td>" in done.text
    illegal = {"csrf": csrf, "to": "paid", "expected_version": "2"}
    refused = await api.post(url, data=illegal)
    assert refused.status_code == 422
    assert "can&#39;t be moved to “Paid”" in refused.text and "“Being verified”" in refused.text
    # A refused form, shown at its POST address, switches language back to the claim's page.
    assert switch_link(refused.text, "id").endswith(f"next=/officer/claims/{claim.reference}")
    queue = await api.get("/officer/claims?state=nonsense&min_age_days=x")
    assert "Unknown state. The number of days must be a whole number." in queue.text
    missing = await api.get("/officer/tickets/TKT-00000000")
    assert missing.status_code == 404 and "Not found." in missing.text

    await speak(api, "id")
    refused = await api.post(url, data=illegal)
    assert "tidak dapat diubah ke “Dibayar”" in refused.text
    assert "<dd>pekerja migran (PMI)</dd>" in refused.text and "Hong Kong DAK" in refused.text
    empty = await api.post(
        f"/officer/tickets/{ticket.reference}/reply", data={"csrf": csrf, "body": ""}
    )
    assert empty.status_code == 422 and "Balasan harus terdiri atas 1 sampai" in empty.text
    # The API's JSON stays English, for programs.
    answer = await api.get(
        "/api/v1/officer/claims/CLM-00000000", headers=await bearer(api, account)
    )
    assert answer.status_code == 404 and answer.json() == {"detail": "not found"}


async def test_escaping_and_csrf_hold_in_english_too(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    evil = "<script>alert(1)</script>"
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
        ticket = await add_ticket(session, claim.channel, body=evil)
    csrf = await log_in(api, await add_officer(sessions))
    await speak(api, "en")
    page = await api.get(f"/officer/tickets/{ticket.reference}")
    assert "Take over the conversation" in page.text
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    forged = await api.post(
        f"/officer/tickets/{ticket.reference}/reply", data={"csrf": "0" * 64, "body": "hi"}
    )
    assert forged.status_code == 403
    # The switch is a plain link: it neither needs nor changes the forms' token.
    assert f'name="csrf" value="{csrf}"' in page.text
    hostile = await api.get("/officer/claims", params={"channel": evil})
    assert evil not in hostile.text and "Claims queue" in hostile.text
