"""Every message is translated in every language, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from dialogues import catalogs
from dialogues.content import Content
from dialogues.i18n import Catalogs, use_language
from dialogues.i18n import gettext as _
from nlu import Language

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [
    ("**/.*/**", "ignore"),
    ("**/_*/**", "ignore"),
    ("benchmarks/**", "ignore"),
    ("tests/**", "ignore"),
    ("dialogues/content/**.yml", "dialogues.content_extract.extract_yaml"),
    ("backend/api/templates/**.html", "jinja2"),
    ("backend/web/templates/**.html", "jinja2"),
    ("bot/**.py", "python"),
    ("backend/**.py", "python"),
    ("dialogues/**.py", "python"),
    ("nlu/**.py", "python"),
]


# The same options as locales/babel.cfg gives the templates' extractor.
_TEMPLATE_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "silent": "false",
}
OPTIONS_MAP = {
    "backend/api/templates/**.html": _TEMPLATE_OPTIONS,
    "backend/web/templates/**.html": _TEMPLATE_OPTIONS,
}


def extracted_ids() -> set[str]:
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, options_map=OPTIONS_MAP, keywords=keywords
    ):
        found.add(catalogs.message_key(message))
    return found


def test_catalogs_are_complete_and_placeholders_match() -> None:
    problems = catalogs.check_all(catalogs.default_locales_dir())
    assert problems == [], "\n".join(f"{p.language}: {p.problem}: {p.msgid[:60]}" for p in problems)


def test_catalogs_hold_exactly_the_messages_of_the_code() -> None:
    wanted = extracted_ids()
    assert wanted, "extraction found nothing"
    for language in Language:
        with catalogs.po_path(catalogs.default_locales_dir(), language).open("rb") as handle:
            from babel.messages.pofile import read_po

            present = {catalogs.message_key(m.id) for m in read_po(handle) if m.id}
        missing, stale = wanted - present, present - wanted
        assert not missing and not stale, (
            f"{language}: run make catalogs-update: {missing or stale}"
        )


def test_every_answer_renders_in_both_languages_with_its_source() -> None:
    content = Content.load()
    loaded = Catalogs()
    for key in content.keys():  # noqa: SIM118 - Content is not a mapping
        answer = content.get(key)
        with use_language(loaded, Language.ID):
            indonesian = answer.render()
        with use_language(loaded, Language.EN):
            english = answer.render()
        assert indonesian != english, key
        if answer.source:
            assert "Sumber:" in indonesian and "Source:" in english, key


def test_placeholders_are_detected() -> None:
    assert catalogs.placeholders("Hello {name}, {count:d} of {{literal}}") == {"name", "count"}
    assert _("plain") == "plain"
