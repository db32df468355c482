"""The gettext catalogs in `locales/`: loading, compiling, merging and checking them.

English is the source language: message ids are English, and the `en` catalog carries them as
its translations so that English wording can be polished without touching code.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from nlu import Language

DOMAIN = "messages"
SOURCE_LANGUAGE = Language.EN
_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[:!][^}]*)?\}")


def default_locales_dir() -> Path:
    """Return `locales/` at the root of the source tree."""
    return Path(__file__).resolve().parent.parent / "locales"


def po_path(locales_dir: Path, language: Language) -> Path:
    """Return the `.po` file of one language."""
    return locales_dir / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, language: Language) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language.value, domain=DOMAIN)


def placeholders(text: str) -> set[str]:
    """Return the names of the `{name}` placeholders in a message."""
    return set(_PLACEHOLDER.findall(text))


def load_translations(locales_dir: Path, language: Language) -> Translations:
    """Load one language's translations, compiling the `.po` in memory when the `.mo` is stale."""
    po = po_path(locales_dir, language)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    # A stale or missing .mo would silently show old wording: build it from the .po instead.
    buffer = io.BytesIO()
    write_mo(buffer, _read(po, language))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def compile_all(locales_dir: Path) -> list[Path]:
    """Compile every language's `.po` into its `.mo`; return the files written."""
    written = []
    for language in Language:
        po = po_path(locales_dir, language)
        mo = po.with_suffix(".mo")
        # Written aside and renamed, so a process loading the catalog never reads half a file.
        partial = mo.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, _read(po, language))
        partial.replace(mo)
        written.append(mo)
    return written


def update_all(locales_dir: Path, pot: Path) -> None:
    """Merge the template into every catalog; the source language copies new ids as its text."""
    with pot.open("rb") as handle:
        template = read_po(handle)
    for language in Language:
        po = po_path(locales_dir, language)
        po.parent.mkdir(parents=True, exist_ok=True)
        catalog = _read(po, language) if po.exists() else Catalog(locale=language.value)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and not all(_forms(message.string)):
                    message.string = message.id
        with po.open("wb") as handle:
            write_po(handle, catalog, no_location=True, sort_output=True, width=100)


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One thing wrong with a catalog."""

    language: Language
    msgid: str
    problem: str


def message_key(message_id: str | tuple[str, ...] | list[str]) -> str:
    """Return the id a message is known by: its text, or a plural message's singular."""
    return message_id if isinstance(message_id, str) else str(message_id[0])


def _forms(text: object) -> list[str]:
    """Return a translation's forms: one text, or every plural form."""
    if isinstance(text, str):
        return [text]
    return [str(form or "") for form in text] if isinstance(text, tuple | list) else [""]


def check_all(locales_dir: Path, pot: Path | None = None) -> list[CatalogProblem]:
    """Find untranslated, fuzzy, placeholder-mismatched, missing or obsolete messages."""
    wanted: set[str] | None = None
    if pot is not None:
        with pot.open("rb") as handle:
            wanted = {message_key(m.id) for m in read_po(handle) if m.id}
    problems = []
    for language in Language:
        catalog = _read(po_path(locales_dir, language), language)
        present = set()
        for message in catalog:
            if not message.id:
                continue
            msgid = message_key(message.id)
            forms = _forms(message.string)
            present.add(msgid)
            if not all(forms):
                problems.append(CatalogProblem(language, msgid, "untranslated"))
            elif message.fuzzy:
                problems.append(CatalogProblem(language, msgid, "fuzzy"))
            elif any(placeholders(msgid) != placeholders(form) for form in forms):
                problems.append(CatalogProblem(language, msgid, "placeholders differ"))
        if wanted is not None:
            problems += [
                CatalogProblem(language, m, "missing: run make catalogs-update")
                for m in sorted(wanted - present)
            ]
            problems += [
                CatalogProblem(language, m, "no longer in the code: run make catalogs-update")
                for m in sorted(present - wanted)
            ]
    return problems
