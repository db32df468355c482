"""Translation of user-facing text, with the locale chosen once per update.

The engine enters `use_language(...)` around each update; `gettext` looks the current language
up in a ContextVar, so concurrent updates in one event loop never see each other's language.
Module-level constants use `lazy_gettext`, which translates when rendered, not when defined.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import LazyProxy, NullTranslations

from dialogues.catalogs import default_locales_dir, load_translations
from nlu import Language

# Outside `use_language` there are no translations: message ids (English) come back as they are.
_NO_TRANSLATIONS = NullTranslations()
_translations: ContextVar[NullTranslations | None] = ContextVar("jamsos_translations", default=None)
_language: ContextVar[Language] = ContextVar("jamsos_language", default=Language.ID)


class Catalogs:
    """Every language's translations, loaded once from a `locales/` folder."""

    def __init__(self, locales_dir: Path | None = None) -> None:
        directory = locales_dir or default_locales_dir()
        self._by_language: Mapping[Language, NullTranslations] = {
            language: load_translations(directory, language) for language in Language
        }

    def get(self, language: Language) -> NullTranslations:
        """Return the translations of one language."""
        return self._by_language[language]


@lru_cache(maxsize=4)
def shared_catalogs(locales_dir: Path | None = None) -> Catalogs:
    """Return catalogs loaded once per folder (for tools that have no engine)."""
    return Catalogs(locales_dir)


@contextmanager
def use_language(catalogs: Catalogs, language: Language) -> Iterator[None]:
    """Translate into `language` inside the block."""
    translations_token = _translations.set(catalogs.get(language))
    language_token = _language.set(language)
    try:
        yield
    finally:
        _translations.reset(translations_token)
        _language.reset(language_token)


def current_language() -> Language:
    """Return the language of the update being handled."""
    return _language.get()


def gettext(message: str, **values: Any) -> str:
    """Translate `message` into the current language and fill its `{name}` placeholders."""
    text = (_translations.get() or _NO_TRANSLATIONS).ugettext(message) if message else ""
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    """Translate a message that depends on a number; `{count}` is filled in."""
    text = (_translations.get() or _NO_TRANSLATIONS).ungettext(singular, plural, count)
    return text.format(count=count, **values)


def lazy_gettext(message: str, **values: Any) -> LazyProxy:
    """Return a proxy translated when rendered (module-level constants, texts made early)."""
    # enable_cache=False: a cached proxy freezes on the first language it was rendered in.
    return LazyProxy(gettext, message, enable_cache=False, **values)


_ = gettext
