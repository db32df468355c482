"""Rule-based entity extraction: `program`, `claim_id`, `nik` and `kpj`.

Every span points into the ORIGINAL message (the text the user typed), so the
dialogue engine can quote or mask exactly what was written.

- program: every wording of the five programs (built in, plus the training data's
  synonyms) matched on word boundaries, longest first; wordings of 7+ letters also
  match with one typo (insertion, deletion, substitution or swap). `JHT-nya` and
  `jhtnya` count as JHT.
- claim_id: `CLM-` and 8 Crockford base32 characters, case-insensitive, also written
  `CLM 4K7Q2M9T` or `clm4k7q2m9t`; the value is always `CLM-XXXXXXXX`.
- nik: 16 contiguous digits. kpj: 11 contiguous digits (never part of a longer number).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from nlu.types import Entity, Program

_BUILTIN_WORDINGS: dict[Program, tuple[str, ...]] = {
    Program.JHT: (
        "jht",
        "jth",
        "jaminan hari tua",
        "hari tua",
        "tabungan hari tua",
        "old age savings",
        "old age saving",
        "old age security",
        "old age benefit",
        "old age benefits",
        "old age fund",
        "jamsostek savings",
        "provident fund",
        "jaminan hari tuo",
    ),
    Program.JKK: (
        "jkk",
        "jaminan kecelakaan kerja",
        "kecelakaan kerja",
        "kemalangan kerja",
        "kecelakaan di tempat kerja",
        "kecelakaan saat kerja",
        "work accident",
        "work accidents",
        "work accident insurance",
        "work injury",
        "work injury benefit",
        "occupational accident",
        "employment injury",
        "accident at work",
        "workplace accident",
        "work related accident",
        "accident insurance",
        "accident benefit",
        "industrial accident",
        "employment accident",
    ),
    Program.JKM: (
        "jkm",
        "jaminan kematian",
        "santunan kematian",
        "death benefit",
        "death benefits",
        "death insurance",
        "death compensation",
        "death grant",
        "uang duka",
        "santunan meninggal",
        "jaminan meninggal",
    ),
    Program.JP: (
        "jp",
        "jaminan pensiun",
        "pensiun",
        "pensiunan",
        "pencen",
        "pension",
        "pensions",
        "pension benefit",
        "pension plan",
        "pension fund",
        "pension insurance",
        "retirement pension",
        "uang pensiun",
        "dana pensiun",
        "jaminan pencen",
    ),
    Program.JKP: (
        "jkp",
        "jaminan kehilangan pekerjaan",
        "jaminan kehilangan kerja",
        "kehilangan pekerjaan",
        "kehilangan kerja",
        "tunjangan phk",
        "job loss",
        "job loss benefit",
        "job loss benefits",
        "job loss insurance",
        "job loss guarantee",
        "job loss protection",
        "unemployment benefit",
        "unemployment benefits",
        "unemployment insurance",
    ),
}
_CODES = {p.value.lower(): p.value for p in Program}
# `jhtnya`, `jkpku`: chat suffixes glued to a program code.
_CODE_SUFFIXED = re.compile(r"(jht|jkk|jkm|jkp|jp)(?:nya|ku|mu|kah|lah|ny)")
_TOKEN = re.compile(r"[^\W_]+")
_FUZZY_MIN_CHARS = 7
_DOCUMENTS = frozenset({"akta", "surat", "sertifikat", "keterangan", "certificate", "letter"})
# Typo-tolerant wordings that are too close to ordinary words: `hari tu` (that day).
_NO_FUZZY = frozenset({"hari tua", "job loss", "pensions"})

_CROCKFORD = "0-9a-hjkmnp-tv-z"  # digits and letters without i, l, o, u
_CLAIM_ID = re.compile(rf"(?<![0-9a-z])clm[\s\-_.:#]{{0,3}}([{_CROCKFORD}]{{8}})(?![0-9a-z])")
_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")
_KPJ = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")


def _fold(text: str) -> str:
    """Lower-case and strip accents WITHOUT changing the length, so spans stay valid."""
    lowered = text.lower()
    if text.isascii() and len(lowered) == len(text):
        return lowered
    chars = []
    for char in text:
        folded = unicodedata.normalize("NFKD", char.lower())
        chars.append(folded[0] if folded else char)
    return "".join(chars)


def _deletions(word: str) -> set[str]:
    """Return every string made by deleting one character of `word`."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _words(wording: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(_fold(wording)))


class EntityExtractor:
    """Finds entities in messages; built once from the synonyms, then reused."""

    def __init__(self, synonyms: Mapping[str, str] | None = None):
        """Index the built-in program wordings plus `synonyms` (wording -> code)."""
        wordings: dict[tuple[str, ...], str] = {}
        for program, texts in _BUILTIN_WORDINGS.items():
            for text in texts:
                wordings[_words(text)] = program.value
        for text, value in (synonyms or {}).items():
            code = value.strip().upper()
            key = _words(text)
            if code in _CODES.values() and key:
                wordings.setdefault(key, code)
        self._exact = wordings
        self._first_words = frozenset(key[0] for key in wordings)
        self._max_words = max(len(key) for key in wordings)
        # SymSpell-style index: a wording and its one-deletion variants, keyed by
        # word count; a query within one edit shares a variant with the wording.
        self._fuzzy: dict[int, dict[str, set[str]]] = {}
        # The first letters of a wording's words: windows with another signature are
        # skipped without building variants (typos rarely hit a word's first letter).
        self._signatures: set[str] = set()
        for key, code in wordings.items():
            joined = " ".join(key)
            if len(joined) < _FUZZY_MIN_CHARS or joined in _NO_FUZZY or joined in _CODES:
                continue
            index = self._fuzzy.setdefault(len(key), {})
            for variant in {joined, *_deletions(joined)}:
                index.setdefault(variant, set()).add(code)
            self._signatures.add("".join(word[0] for word in key))

    def extract(self, text: str) -> tuple[Entity, ...]:
        """Return every entity in `text`, ordered by position."""
        folded = _fold(text)
        found = [*_claim_ids(folded), *self._programs(folded)]
        found.extend(Entity("nik", m.group(0), m.start(), m.end()) for m in _NIK.finditer(folded))
        found.extend(Entity("kpj", m.group(0), m.start(), m.end()) for m in _KPJ.finditer(folded))
        # A claim id's 8 characters can hold digits or `jp`: drop anything inside it.
        claims = [e for e in found if e.entity == "claim_id"]
        if claims:
            found = [
                e
                for e in found
                if e.entity == "claim_id" or not any(c.start <= e.start < c.end for c in claims)
            ]
        return tuple(sorted(found, key=lambda e: (e.start, e.end)))

    def _programs(self, folded: str) -> list[Entity]:
        matches = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        words = [m[0] for m in matches]
        initials = "".join(word[0] for word in words)
        entities: list[Entity] = []
        i = 0
        while i < len(words):
            match = self._match_at(words, initials, i)
            if match is None:
                suffixed = _CODE_SUFFIXED.fullmatch(words[i])
                if suffixed:
                    start = matches[i][1]
                    code = _CODES[suffixed.group(1)]
                    entities.append(Entity("program", code, start, start + len(suffixed.group(1))))
                i += 1
                continue
            length, code = match
            entities.append(Entity("program", code, matches[i][1], matches[i + length - 1][2]))
            i += length
        return entities

    def _match_at(self, words: list[str], initials: str, i: int) -> tuple[int, str] | None:
        """Return (word count, code) of the longest wording starting at word `i`."""
        known_start = words[i] in self._first_words
        for length in range(min(self._max_words, len(words) - i), 0, -1):
            code = self._exact.get(tuple(words[i : i + length])) if known_start else None
            if code is None and initials[i : i + length] in self._signatures:
                code = self._fuzzy_match(length, " ".join(words[i : i + length]))
            if code is None:
                continue
            # `akta kematian`, `surat pensiun` name a document, not the program.
            if length == 1 and i > 0 and words[i] not in _CODES and words[i - 1] in _DOCUMENTS:
                return None
            return length, code
        return None

    def _fuzzy_match(self, length: int, joined: str) -> str | None:
        """Return the code of a wording within one edit of `joined`, if exactly one fits."""
        index = self._fuzzy.get(length)
        if index is None or len(joined) < _FUZZY_MIN_CHARS - 1:
            return None
        codes: set[str] = set()
        for variant in (joined, *_deletions(joined)):
            hit = index.get(variant)
            if hit:
                codes |= hit
        return codes.pop() if len(codes) == 1 else None


def _claim_ids(folded: str) -> Iterable[Entity]:
    for match in _CLAIM_ID.finditer(folded):
        yield Entity("claim_id", "CLM-" + match.group(1).upper(), match.start(), match.end())


@lru_cache(maxsize=1)
def _default_extractor() -> EntityExtractor:
    return EntityExtractor()


def extract_entities(text: str, synonyms: Mapping[str, str] | None = None) -> tuple[Entity, ...]:
    """Return the entities of `text` (built-in program wordings plus `synonyms`)."""
    extractor = EntityExtractor(synonyms) if synonyms else _default_extractor()
    return extractor.extract(text)
