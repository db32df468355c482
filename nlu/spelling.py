"""Correct unknown words towards the training vocabulary.

Chat Indonesian drops vowels (`dftr` = `daftar`, `lwt` = `lewat`) and users mistype
(`pembayran`, `iuaran`, `klaim` as `kliam`). A word the model never saw is replaced by
the most frequent known word that is its consonant skeleton (for vowel-less words), or
that differs from it by one missing letter, one extra letter or two swapped neighbours
(for words of five letters or more). A substituted letter is not corrected: it mostly
turns one real word into another (`hujan` -> `human`, `malang` -> `magang`). Known
words are never touched, so on training data the corrector changes nothing; the
training pipeline fits it per cross-validation fold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

_VOWELS = re.compile(r"[aeiou]")
_LETTERS = re.compile(r"[a-z]+")
_MIN_EDIT_LENGTH = 5


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


class SpellingCorrector:
    """Maps unknown words of a normalised text to known ones (see the module docstring)."""

    def __init__(self, counts: Mapping[str, int]):
        """Index the known words and how often each occurred in the training texts."""
        self.counts = dict(counts)
        ranked = sorted(self.counts, key=lambda w: (-self.counts[w], w))
        self._skeletons: dict[str, str] = {}
        self._shortened: dict[str, str] = {}  # a known word with one letter missing
        # Insert the most frequent words first, so each key keeps its best candidate.
        for word in ranked:
            skeleton = _VOWELS.sub("", word)
            if len(word) >= 3 and skeleton != word and len(skeleton) >= 2:
                self._skeletons.setdefault(skeleton, word)
            if len(word) > _MIN_EDIT_LENGTH:
                for variant in _deletions(word):
                    self._shortened.setdefault(variant, word)
        self._cache: dict[str, str] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SpellingCorrector:
        """Build a corrector from normalised training texts."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(word for word in text.split() if _LETTERS.fullmatch(word))
        return cls(counts)

    def correct_word(self, word: str) -> str:
        """Return the known word closest to `word`, or `word` itself."""
        if word in self.counts or not _LETTERS.fullmatch(word):
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = word
        if not _VOWELS.search(word):
            result = self._skeletons.get(word, word)
        elif len(word) >= _MIN_EDIT_LENGTH:
            candidates = {d for d in _deletions(word) if d in self.counts}  # a letter too many
            candidates.update(s for s in _swaps(word) if s in self.counts)
            if word in self._shortened:  # a letter missing
                candidates.add(self._shortened[word])
            if candidates:
                result = min(candidates, key=lambda w: (-self.counts[w], w))
        if len(self._cache) < 50_000:  # unknown words are few; the bound keeps memory flat
            self._cache[word] = result
        return result

    def correct(self, text: str) -> str:
        """Return the normalised `text` with unknown words corrected."""
        return " ".join([self.correct_word(word) for word in text.split()])
