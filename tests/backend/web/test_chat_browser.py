"""The landing page's chat in a real browser on a phone-sized screen (360 x 740).

Debian's chromium driven by Playwright (`tests.browser`), against uvicorn on 127.0.0.1 serving
the app with an in-memory engine: open the page, type "halo", read the reply, press one of
its buttons, read the next reply, send a file, switch the language; and bot text that looks
like markup is shown as text, a `data:` image as a picture.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.api.app import create_app
from backend.config import Settings
from bot.wiring import Runtime
from dialogues.content import Content
from dialogues.engine import DialogueEngine
from dialogues.i18n import Catalogs
from dialogues.memory import InMemoryConversationStore, in_memory_services
from tests.browser import ARGS, require_chromium
from tests.conftest import fixed_clock
from tests.servers import serve_in_thread

CHROMIUM = require_chromium()
playwright = pytest.importorskip("playwright.async_api")

ROOT = Path(__file__).resolve().parents[3]
PHONE = {"width": 360, "height": 740}
# A 1x1 PNG, as the digital card comes: a data: URL.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Bg"
    "AAMBAQAYV1u3AAAAAElFTkSuQmCC"
)


@pytest.fixture
def site(runtime: Runtime, settings: Settings) -> Iterator[str]:
    """uvicorn on 127.0.0.1 serving the app with an engine of its own (memory only)."""
    clock = fixed_clock()
    services = in_memory_services()
    engine = DialogueEngine(
        parser=runtime.parser,
        store=InMemoryConversationStore(clock=clock),
        catalogs=Catalogs(settings.locales_dir),
        content=Content.load(),
        clock=clock,
        services=services,
    )
    app = create_app(
        engine=engine,
        parser=runtime.parser,
        services=services,
        clock=clock.now,
        settings=settings,
    )
    with serve_in_thread(app) as base:
        yield base


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    async with playwright.async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            await launched.close()


async def _no_horizontal_scroll(page: Any) -> None:
    widths = await page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], widths


async def test_chat_on_a_phone(site: str, browser: Any) -> None:
    expect = playwright.expect
    context = await browser.new_context(viewport=PHONE, locale="id-ID")
    page = await context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    await page.goto(f"{site}/")
    await expect(page.locator("html")).to_have_attribute("lang", "id")
    await _no_horizontal_scroll(page)
    replies = page.locator("#chat-log li.msg.bot:not(.welcome):not(.typing)")
    mine = page.locator("#chat-log li.msg.user")

    await page.fill("#chat-input", "halo")
    await page.press("#chat-input", "Enter")
    await expect(mine.last).to_have_text("halo")
    await expect(replies.first).to_contain_text("Halo! Saya Jamsos")
    await expect(page.locator("#chat-input")).to_have_value("")

    await replies.first.get_by_role("button", name="Program", exact=True).click()
    await expect(mine.last).to_have_text("Program")
    await expect(replies.nth(1)).to_contain_text("Program apa yang ingin Anda ketahui")
    await replies.nth(1).get_by_role("button", name="JKM", exact=True).click()
    await expect(replies.nth(2)).to_contain_text("PP 44/2015")
    # The answer's line breaks are shown as line breaks (rendered text keeps them).
    assert "\n• " in await replies.nth(2).locator("p").inner_text()

    # The panel is usable: the send button and the input are inside the screen.
    for selector in ("#chat-input", "#chat-form button[type=submit]", "#chat-file"):
        box = await page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    await _no_horizontal_scroll(page)

    # A claim document: uploaded, then named in a message; the bot answers it.
    await page.set_input_files("#chat-file", str(ROOT / "tests" / "data" / "tiny.pdf"))
    await expect(mine.last).to_have_text("📎 tiny.pdf")
    await expect(replies.last).to_contain_text("file Anda sudah saya terima")

    # A question of the page goes into the chat.
    await page.get_by_role("button", name="Apa itu BPJS Ketenagakerjaan?").click()
    await expect(mine.last).to_have_text("Apa itu BPJS Ketenagakerjaan?")
    await expect(replies.last).to_contain_text("BPJAMSOSTEK")

    # Switching the page to English keeps the conversation and switches the bot too.
    count = await replies.count()
    await page.get_by_role("link", name="English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(replies).to_have_count(count + 1)
    await expect(replies.last).to_contain_text("I will answer in English")
    await expect(mine.first).to_have_text("halo")
    await _no_horizontal_scroll(page)

    # A new tab in Indonesian (same sender, no transcript): the bot switches back quietly.
    tab = await context.new_page()
    tab.set_default_timeout(10_000)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    await tab.goto(f"{site}/?lang=id")
    await tab.get_by_role("button", name="Menu utama").click()
    answers = tab.locator("#chat-log li.msg.bot:not(.welcome):not(.typing)")
    await expect(answers).to_have_count(1)
    await expect(answers.first).to_contain_text("Saya bisa membantu Anda")
    assert problems == []
    await context.close()


async def test_bot_text_is_text_and_a_card_is_a_picture(site: str, browser: Any) -> None:
    expect = playwright.expect
    page = await browser.new_page(viewport=PHONE)
    page.set_default_timeout(10_000)
    markup = '<img src=x onerror="window.owned=1"><b>tebal</b>\nbaris dua'

    async def answer(route: Any) -> None:
        sent = json.loads(route.request.post_data or "{}")
        replies = [
            {"recipient_id": sent.get("sender", ""), "text": markup},
            {"recipient_id": sent.get("sender", ""), "text": "Kartu Anda:", "image": PIXEL},
            {"recipient_id": "x", "text": "", "image": "javascript:alert(1)"},
        ]
        await route.fulfill(status=200, content_type="application/json", body=json.dumps(replies))

    await page.route("**/webhooks/rest/webhook", answer)
    await page.goto(f"{site}/?lang=en")
    await page.fill("#chat-input", "kartu saya")
    await page.click("#chat-form button[type=submit]")
    replies = page.locator("#chat-log li.msg.bot:not(.welcome):not(.typing)")
    await expect(replies).to_have_count(3)
    await expect(replies.first.locator("p")).to_have_text(markup)
    assert await replies.first.locator("img, b").count() == 0
    assert await page.evaluate("() => window.owned") is None
    picture = replies.nth(1).locator("img.picture")
    await expect(picture).to_have_attribute("src", PIXEL)
    assert await picture.evaluate("img => img.complete && img.naturalWidth") == 1
    assert await replies.nth(2).locator("img").count() == 0
    await page.close()
