"""What the classifier sees of a message, and the feature analyzers over it.

`classifier_text` turns a message into normalised text (entities replaced by their
codes or placeholders). The analyzers turn that text into features; training hands the
very same `Analyzer` objects to scikit-learn's `TfidfVectorizer(analyzer=...)`, so
training and the fast parse path cannot disagree about features.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from nlu.concepts import concept_text
from nlu.normalize import normalize
from nlu.types import Entity

AnalyzerKind = Literal["word", "char_wb", "concept"]

# What an entity span becomes in the classifier's text: the program's code (so every
# wording of a program reads the same), or one placeholder word per identifier kind.
_PLACEHOLDERS = {"claim_id": "nomorklaim", "nik": "nomornik", "kpj": "nomorkpj"}
_PROGRAM_WORD = re.compile(r"\bprograms? (jht|jkk|jkm|jp|jkp)\b|\b(jht|jkk|jkm|jp|jkp) programs?\b")
# A question mark is a cue normalisation removes; it comes back as this word.
QUESTION_MARK = "tandatanya"

# The modules whose tables and rules decide the features: a model trained with other
# versions of them would score wrongly, so models record a digest of their source.
_FEATURE_MODULES = ("normalize.py", "concepts.py", "entities.py", "features.py", "spelling.py")


@lru_cache(maxsize=1)
def features_version() -> str:
    """Return a digest of the source of every module that decides the features."""
    digest = hashlib.sha256()
    for name in _FEATURE_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def classifier_text(text: str, entities: tuple[Entity, ...], max_chars: int = 500) -> str:
    """Return the normalised text the classifier sees: entity spans replaced, then normalised.

    Only the first `max_chars` characters count: intent is stated early, and this bounds
    the cost of very long messages.
    """
    text = text[:max_chars]
    if entities:
        parts, position = [], 0
        for entity in entities:
            if entity.start < position or entity.end > len(text):
                continue
            parts.append(text[position : entity.start])
            parts.append(f" {_PLACEHOLDERS.get(entity.entity, entity.value.lower())} ")
            position = entity.end
        parts.append(text[position:])
        text = "".join(parts)
    normalized = normalize(text)
    if entities and "program" in normalized:
        # "the JP program", "program jaminan hari tua": the word adds nothing to the
        # code, and alone it means the programs in general (faq_programs).
        normalized = _PROGRAM_WORD.sub(lambda m: m.group(1) or m.group(2), normalized)
    if "?" in text and normalized:
        normalized += " " + QUESTION_MARK
    return normalized


# A greeting (and the officer's address) opening a message that goes on to ask something:
# "halo kak, apa itu jkp?". Words as `normalize` writes them.
_GREETING = re.compile(
    r"^(?:(?:halo|hallo|helo|hai|hi|hello|hey|permisi|punten|salam|assalamualaikum"
    r"|wr|wb|selamat|pagi|siang|sore|malam|petang|good|morning|afternoon|evening"
    r"|apa kabar|kak|admin|dear|jamsos|bpjs)(?: |$))+"
)


def strip_greeting(normalized: str) -> str | None:
    """Return what follows an opening greeting, or None when there is no greeting.

    Only a remainder of two words or more counts: "halo kak" alone is a greeting.
    """
    match = _GREETING.match(normalized)
    if match is None or not match.group(0).strip():
        return None
    rest = normalized[match.end() :]
    if rest.count(" ") < 1 or rest == QUESTION_MARK:
        return None
    return rest


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Return the word n-grams of `text` for every n in [low, high], shortest first."""
    words = text.split()
    grams: list[str] = []
    for n in range(low, high + 1):
        if n == 1:
            grams.extend(words)
        else:
            grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Return character n-grams inside space-padded words (scikit-learn's `char_wb`).

    As in scikit-learn, a word shorter than n yields the whole padded word once and
    no longer n-grams.
    """
    grams: list[str] = []
    append = grams.append
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                append(padded)
                break
            for i in range(size - n + 1):
                append(padded[i : i + n])
    return grams


def concept_features(text: str, low: int, high: int) -> list[str]:
    """Return concept n-grams plus pseudo-words for the length and the first and last concept.

    Short replies ("ok", "nggak") form their own kind of message, and the first and last
    words carry the question type ("berapa ...", "... kapan").
    """
    concepts = concept_text(text)
    grams = word_ngrams(concepts, low, high)
    words = concepts.split()
    n = len(words)
    bucket = "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else "8+"
    grams.append(f"<words:{bucket}>")
    if words:
        grams += [f"<first:{words[0]}>", f"<last:{words[-1]}>"]
    return grams


@dataclass(frozen=True, slots=True)
class Analyzer:
    """A feature analyzer: `kind` n-grams for every n in [low, high]."""

    kind: AnalyzerKind
    low: int
    high: int

    def __call__(self, text: str) -> list[str]:
        """Return the features of one normalised text."""
        if self.kind == "word":
            return word_ngrams(text, self.low, self.high)
        if self.kind == "concept":
            return concept_features(text, self.low, self.high)
        return char_wb_ngrams(text, self.low, self.high)
