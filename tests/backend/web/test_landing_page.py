"""The landing page at `/` and its files: both languages, the content, the security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from backend.api.routes.web_chat import STATIC_FILES
from backend.web import STATIC_DIR

PROGRAM_CODES = ("JHT", "JKK", "JKM", "JP", "JKP")


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize(
    ("query", "headers", "language", "words"),
    [
        ("?lang=id", {}, "id", ["tabungan hari tua", "Siapa yang dilindungi", "Kontak resmi"]),
        ("?lang=en", {}, "en", ["old-age savings", "Who is covered", "Official contacts"]),
        ("", {"Accept-Language": "en-GB,en;q=0.9"}, "en", ["old-age savings"]),
        ("", {"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"}, "id", ["tabungan hari tua"]),
        ("", {}, "id", ["tabungan hari tua"]),
        ("?lang=fr", {"Accept-Language": "fr"}, "id", ["tabungan hari tua"]),
    ],
)
async def test_the_page_in_each_language(
    client: httpx.AsyncClient,
    query: str,
    headers: dict[str, str],
    language: str,
    words: list[str],
) -> None:
    response = await client.get(f"/{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == language
    assert f'<html lang="{language}">' in response.text
    assert f'data-lang="{language}"' in response.text
    for word in words:
        assert word in response.text


async def test_the_page_shows_programs_coverage_faq_and_contacts(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/?lang=en")).text
    cards = re.findall(r"<h3>([^<]+)</h3>", page)
    assert [card.split(" ")[0] for card in cards] == list(PROGRAM_CODES)
    for code in PROGRAM_CODES:
        assert f'data-payload="/program_info{{&#34;program&#34;:&#34;{code}&#34;}}"' in page
    for group in ("Employees (PU)", "Self-employed (BPU)", "Migrant workers (PMI)"):
        assert group in page
    assert page.count('class="caution"') == 2
    assert "⚠️ One migrant-worker news site" in page
    assert "Care Center 175" in page and "(⚠️ not confirmed)" in page
    assert "We have no verified official WhatsApp number" in page
    faq = re.findall(r'<li><button type="button" data-payload="([^"]+)">', page)
    assert len(faq) >= 5 and "/faq_about" in faq
    assert 'action="' not in page  # the chat form posts nothing itself: the script does


async def test_every_page_text_is_translated(client: httpx.AsyncClient) -> None:
    page = (await client.get("/?lang=id")).text
    for english in (
        "Who is covered",
        "Frequently asked questions",
        "Official contacts",
        "Chat with Jamsos",
        "Type a message",
        "Send a claim document",
        "Ask about it in the chat",
        "Never type your PIN",
    ):
        assert english not in page, english


async def test_no_inline_script_or_style_and_a_strict_policy(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    for tag, attributes in tags_of(response.text):
        assert "style" not in attributes, tag
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        if tag == "script":
            assert attributes.get("src", "").startswith("/web/chat.js?v=")  # type: ignore[union-attr]
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", response.text, re.DOTALL)
    assert scripts == [""]


@pytest.mark.parametrize("name", sorted(STATIC_FILES))
async def test_the_static_files_are_served(client: httpx.AsyncClient, name: str) -> None:
    page = (await client.get("/")).text
    address = re.search(rf'"(/web/{re.escape(name)}\?v=[0-9a-f]{{12}})"', page)
    assert address is not None
    response = await client.get(address.group(1))
    assert response.status_code == 200
    assert response.headers["content-type"] == STATIC_FILES[name]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC_DIR / name).read_bytes()


@pytest.mark.parametrize(
    "path", ["/web/index.html", "/web/..%2Fweb%2F__init__.py", "/web/", "/web/chat.JS"]
)
async def test_nothing_else_is_served_from_the_folder(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404


def test_the_script_shows_bot_text_as_text_only() -> None:
    script = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "textContent" in script
    assert "/webhooks/rest/webhook" in script and "/webhooks/rest/upload" in script
