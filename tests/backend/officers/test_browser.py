"""The back office in a real browser: Debian's Chromium driven by Playwright, against uvicorn.

Under CI=true these must run (the set-up installs chromium); elsewhere they are skipped when
/usr/bin/chromium is missing. Playwright never downloads a browser here: it is launched with
`executable_path`.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.pool import NullPool

from backend.api.app import create_app
from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.config import Settings
from backend.db import make_engine, make_sessionmaker, migrate
from backend.db.officers import OfficerRole
from backend.db.outbox import OutboxMessage
from bot.wiring import Runtime
from tests.backend.db.factories import NOW
from tests.backend.officers.factories import (
    PASSWORD,
    add_officer,
    add_ticket,
    claim_on,
    new_channel,
)
from tests.conftest import IN_CI
from tests.factories import ManualClock
from tests.servers import serve_in_thread

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
    if IN_CI:
        pytest.fail("CI=true but chromium is not installed (make test installs it)")
    pytest.skip("the browser tests need Debian's chromium", allow_module_level=True)

playwright = pytest.importorskip("playwright.async_api")


@dataclass(frozen=True, slots=True)
class Site:
    """The served back office and what is in its database."""

    url: str
    database: str
    username: str
    channel: str
    waiting: str
    verifying: str
    ticket: str


@pytest.fixture
async def site(runtime: Runtime, settings: Settings, tmp_path: Path) -> AsyncIterator[Site]:
    """uvicorn on 127.0.0.1 serving the app on a fresh SQLite file with claims and a ticket."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'jamsos.db'}"
    await migrate.upgrade(url)
    setup = make_engine(url)
    sessions = make_sessionmaker(setup)
    account = await add_officer(sessions, OfficerRole.OFFICER)
    channel = new_channel()
    async with sessions.begin() as session:
        waiting = await claim_on(session, channel)
        verifying = await claim_on(session, channel)
        await transition(
            session=session,
            claim_reference=verifying.reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("someone"),
            now=NOW,
        )
        ticket = await add_ticket(session, channel, body="Kapan klaim saya <b>cair</b>?")
    await setup.dispose()
    # No pool: each connection closes in the server's own event loop, which ends with it.
    served = make_engine(url, poolclass=NullPool)
    app = create_app(
        engine=runtime.engine,
        parser=runtime.parser,
        sessions=make_sessionmaker(served),
        clock=ManualClock(NOW).now,
        settings=settings,
    )
    with serve_in_thread(app) as base:
        yield Site(
            url=base,
            database=url,
            username=account.username,
            channel=channel,
            waiting=waiting.reference,
            verifying=verifying.reference,
            ticket=ticket.reference,
        )


async def test_log_in_filter_open_move_and_reply(site: Site) -> None:
    expect = playwright.expect
    async with playwright.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # A browser that asks for nothing in particular gets the Indonesian pages.
            context = await browser.new_context(locale="id-ID")
            page = await context.new_page()
            page.set_default_timeout(10_000)
            await page.goto(f"{site.url}/officer/claims")
            await expect(page).to_have_url(f"{site.url}/officer/login")
            await expect(page.locator("html")).to_have_attribute("lang", "id")
            await page.fill("input[name=username]", site.username)
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button:has-text('Masuk')")
            await expect(page).to_have_url(f"{site.url}/officer/claims")
            await expect(page.locator("h1")).to_have_text("Antrean klaim")

            await page.fill("input[name=channel]", site.channel)
            await page.select_option("select[name=state]", "verifying")
            await page.click("button:has-text('Saring')")
            rows = page.locator("tbody tr")
            await expect(rows).to_have_count(1)
            await expect(rows.first).to_contain_text(site.verifying)
            await expect(rows.first).to_contain_text("Sedang diverifikasi")

            # Once switched, the same page (filters kept) and every later one are English.
            await page.click("header a:has-text('English')")
            await expect(page.locator("html")).to_have_attribute("lang", "en")
            await expect(page.locator("h1")).to_have_text("Claims queue")
            await expect(rows).to_have_count(1)
            await expect(rows.first).to_contain_text("Being verified")

            await page.click(f"a:has-text('{site.verifying}')")
            await expect(page.locator("h1 .state")).to_have_text("Being verified")
            form = page.locator("form:has(input[name=to][value=needs_documents])")
            await expect(form).to_have_attribute("aria-label", "Move to: Waiting for documents")
            await form.locator("textarea[name=note]").fill("Foto KTP buram <i>lagi</i>")
            await form.locator("button").click()
            await expect(page.locator(".notice")).to_contain_text("the claim was moved")
            await expect(page.locator("h1 .state")).to_have_text("Waiting for documents")
            await expect(page.locator("td.note").last).to_have_text("Foto KTP buram <i>lagi</i>")

            await page.click("header a:has-text('Tickets')")
            await page.click(f"a:has-text('{site.ticket}')")
            await expect(page.locator(".thread")).to_contain_text("Kapan klaim saya <b>cair</b>?")
            await page.click("button:has-text('Take over the conversation')")
            await expect(page.locator(".handoff")).to_contain_text("An officer owns")
            await page.fill("textarea[name=body]", "Klaim Anda sedang kami proses.")
            await page.click("button:has-text('Send reply')")
            await expect(page.locator(".notice")).to_contain_text("queued to the worker")
            await expect(page.locator(".thread li").last).to_contain_text("Klaim Anda sedang")
            await page.click("button:has-text('Hand back to the bot')")
            await expect(page.locator("h1 .state")).to_have_text("Closed")
        finally:
            await browser.close()

    engine = make_engine(site.database)
    try:
        async with make_sessionmaker(engine)() as session:
            kinds = (
                await session.scalars(
                    select(OutboxMessage.kind)
                    .where(OutboxMessage.channel == site.channel)
                    .order_by(OutboxMessage.id)
                )
            ).all()
    finally:
        await engine.dispose()
    assert kinds == [
        "claim.verifying",
        "claim.needs_documents",
        "ticket.taken_over",
        "ticket.reply",
        "ticket.handed_back",
    ]
