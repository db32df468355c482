"""The landing page at `/` with the web chat, and the files it loads (`backend/web`).

In the spirit of the official BPJS Ketenagakerjaan web app: the five programs (one line each),
who is covered and the official contacts, all read from the answers' content in the page's
language (with the content's ⚠️ cautions); a few questions that open the chat; and the chat
panel, whose script talks to the REST channel (`POST /webhooks/rest/webhook`, uploads through
`POST /webhooks/rest/upload`).

- The page's language: `?lang=id|en` (the switch links), else the browser's Accept-Language,
  else Indonesian. The chat's language is the bot's own: the script sends the language as a
  hint and, when the page's language is switched, the bot's language button payload.
- Every text is escaped: the template autoescapes, and the script shows bot text with
  `textContent` only. The Content-Security-Policy allows scripts and styles from this server
  only (no inline script), images from here and `data:` (the digital card), and requests to
  this server only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from backend.api.pages import accepted_language
from backend.web import STATIC_DIR, TEMPLATES_DIR
from dialogues.content import Answer, Content
from dialogues.flows.base import payload
from dialogues.i18n import gettext, ngettext, shared_catalogs, use_language
from dialogues.i18n import gettext as _
from nlu import Intent, Language

router = APIRouter(include_in_schema=False)

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
    "Vary": "Accept-Language",
}
STATIC_FILES: Mapping[str, str] = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
}
"""The only files served from `backend/web/static`, with their types."""
LANGUAGE_NAMES = {Language.ID: "Bahasa Indonesia", Language.EN: "English"}
"""Each language named in itself on the switch (never translated)."""

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
_environment.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=gettext, ngettext=ngettext, newstyle=False
)


@dataclass(frozen=True, slots=True)
class Line:
    """One bullet of an answer: its head (before the first colon) and the rest."""

    head: str
    rest: str = ""

    @property
    def code(self) -> str:
        """The first word of the head (a program's code: `JHT`)."""
        return self.head.split(" ", 1)[0]


@cache
def _content() -> Content:
    return Content.load()


@cache
def asset_version(name: str) -> str:
    """A short hash of a static file, so a changed file gets a new address."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def _bullets(paragraph: str) -> list[Line]:
    lines = [line[1:].strip() for line in paragraph.splitlines() if line.startswith("•")]
    return [Line(*line.split(": ", 1)) if ": " in line else Line(line) for line in lines]


def _caution(answer: Answer) -> str | None:
    """The answer's caution as the chat shows it (the same words, the same ⚠️)."""
    if not answer.caution:
        return None
    return _(
        "⚠️ {caution} Please check with Care Center 175 or "
        "www.bpjsketenagakerjaan.go.id before you act on it.",
        caution=_(answer.caution),
    )


def page_language(request: Request) -> Language:
    """`?lang=id|en`, else the browser's preference among ours, else Indonesian."""
    asked = request.query_params.get("lang", "")
    if asked in {language.value for language in Language}:
        return Language(asked)
    return accepted_language(request.headers.get("accept-language", "")) or Language.ID


def _faq() -> list[tuple[str, str]]:
    return [
        (_("What is BPJS Ketenagakerjaan?"), payload(Intent.FAQ_ABOUT)),
        (_("Can I claim my JHT yet?"), payload(Intent.CHECK_ELIGIBILITY, {"program": "JHT"})),
        (_("Which documents does a claim need?"), payload(Intent.DOCUMENT_CHECKLIST)),
        (_("How much are the contributions?"), payload(Intent.FAQ_CONTRIBUTION)),
        (_("How do I claim online?"), payload(Intent.FAQ_EKLAIM)),
        (_("How do migrant workers become participants?"), payload(Intent.REGISTER_PARTICIPANT)),
        (_("Can I file a claim here and send my documents?"), payload(Intent.FILE_CLAIM)),
    ]


def page_context(language: Language) -> dict[str, Any]:
    """What the page shows, in the current language (call inside `use_language`)."""
    content = _content()
    programs_answer = content.get("faq_programs")
    programs_text = _(programs_answer.text).split("\n\n")
    contacts_answer = content.get("office_contact")
    contacts_text = _(contacts_answer.text).split("\n\n")
    programs = [
        {
            "line": line,
            "payload": payload(Intent.PROGRAM_INFO, {"program": line.code}),
        }
        for line in _bullets(programs_text[0])
    ]
    return {
        "lang": language.value,
        "languages": [
            {"code": other.value, "name": LANGUAGE_NAMES[other], "url": f"/?lang={other.value}"}
            for other in Language
        ],
        "programs": programs,
        "covered": _bullets(programs_text[1]) if len(programs_text) > 1 else [],
        "programs_caution": _caution(programs_answer),
        "faq": _faq(),
        "contacts": _bullets(contacts_text[0]),
        "contact_notes": contacts_text[1:],
        "contacts_caution": _caution(contacts_answer),
        "payloads": {
            "menu": payload(Intent.HELP),
            "eligibility": payload(Intent.CHECK_ELIGIBILITY),
            "participants": payload(Intent.FAQ_PARTICIPANTS),
            "contacts": payload(Intent.OFFICE_CONTACT),
            "switch": payload(Intent.CHANGE_LANGUAGE, {"language": language.value}),
        },
        "versions": {name: asset_version(name) for name in STATIC_FILES},
    }


@router.get("/", response_class=HTMLResponse)
async def landing_page(request: Request) -> HTMLResponse:
    """The landing page with the chat, in Indonesian or English."""
    language = page_language(request)
    catalogs = shared_catalogs(request.app.state.settings.locales_dir)
    with use_language(catalogs, language):
        html = _environment.get_template("index.html").render(page_context(language))
    headers = {**PAGE_HEADERS, "Content-Language": language.value}
    return HTMLResponse(html, headers=headers)


@router.get("/web/{name}")
async def web_file(name: str) -> FileResponse:
    """The page's stylesheet and script (nothing else from the folder)."""
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise HTTPException(status_code=404, detail="no such file")
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=headers)
