"""The trained intent model as plain arrays, its scoring, and its files (no pickle).

A model directory holds `model.json` (labels, vocabularies, temperature, threshold,
the synonyms for entity extraction, the known words for spelling correction, training
figures, and a digest of the feature code it was trained with) and `arrays.npz` (idf
vectors, weights, intercepts), loaded with `allow_pickle=False`. Scoring a message needs
only dicts and numpy: spelling correction, TF-IDF per feature block (sub-linear tf,
l2-normalised, weighted), one linear layer: exactly what scikit-learn computes at
training time.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlu.errors import ModelFormatError, ModelNotFoundError
from nlu.features import Analyzer, features_version
from nlu.spelling import SpellingCorrector

FORMAT = "jamsos-nlu-linear/1"
MODEL_FILE = "model.json"
ARRAYS_FILE = "arrays.npz"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
WORD_CACHE_SIZE = 50_000
"""Words whose character n-gram columns a block keeps (a few MB at most)."""


@dataclass(frozen=True, slots=True)
class FeatureBlock:
    """One TF-IDF feature block: its analyzer, vocabulary, idf and weight."""

    analyzer: Analyzer
    vocabulary: dict[str, int]
    idf: FloatArray
    weight: float = 1.0
    sublinear_tf: bool = True
    _by_word: dict[str, IntArray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def columns(self, text: str) -> IntArray:
        """Return the block's column of every feature occurrence in `text` (repeats kept)."""
        if self.analyzer.kind != "char_wb":
            return self._lookup(text)
        # Character n-grams never cross a word, so a word's columns are looked up once and
        # kept: the same few thousand words come back in message after message.
        by_word = self._by_word
        parts = []
        for word in text.split():
            columns = by_word.get(word)
            if columns is None:
                columns = self._lookup(word)
                if len(by_word) < WORD_CACHE_SIZE:  # the bound keeps memory flat
                    by_word[word] = columns
            parts.append(columns)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)

    def _lookup(self, text: str) -> IntArray:
        found = [self.vocabulary.get(gram) for gram in self.analyzer(text)]
        return np.array([column for column in found if column is not None], dtype=np.intp)


@dataclass(slots=True)
class LinearModel:
    """Feature blocks plus a linear layer; `coef` has one row per feature, one column per label."""

    labels: tuple[str, ...]
    blocks: tuple[FeatureBlock, ...]
    coef: FloatArray
    intercept: FloatArray
    temperature: float = 1.0
    threshold: float = 0.0
    max_chars: int = 500
    fallback: str = "out_of_scope"
    synonyms: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    corrector: SpellingCorrector | None = None
    _offset_blocks: tuple[tuple[FeatureBlock, int], ...] = ()
    _bounds: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    _idf: FloatArray = field(default_factory=lambda: np.zeros(0))
    _sublinear: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    _weights: FloatArray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        offsets, total = [], 0
        for block in self.blocks:
            offsets.append(total)
            total += len(block.idf)
        # The blocks laid end to end, as `coef`'s rows are: where each block's columns
        # begin and end, and every column's idf and tf kind.
        self._offset_blocks = tuple(zip(self.blocks, offsets, strict=True))
        self._bounds = np.array([*offsets, total], dtype=np.intp)
        self._idf = np.concatenate([np.zeros(0), *(block.idf for block in self.blocks)])
        self._sublinear = np.concatenate(
            [np.zeros(0, dtype=bool)]
            + [np.full(len(block.idf), block.sublinear_tf) for block in self.blocks]
        )
        self._weights = np.array([block.weight for block in self.blocks], dtype=np.float64)
        if self.coef.shape != (total, len(self.labels)) or self.intercept.shape != (
            len(self.labels),
        ):
            raise ModelFormatError(
                f"weights of shape {self.coef.shape} do not fit {total} features "
                f"and {len(self.labels)} labels"
            )

    def decision_scores(self, normalized: str) -> FloatArray:
        """Return the raw linear score of every label for one normalised text."""
        if self.corrector is not None:
            normalized = self.corrector.correct(normalized)
        # A fixed dozen numpy calls per message, none per feature: the blocks' columns
        # laid end to end and counted at once (each block's columns stay together, in
        # block order, as the blocks' column ranges follow one another).
        occurrences = np.concatenate(
            [block.columns(normalized) + offset for block, offset in self._offset_blocks]
        )
        if not len(occurrences):
            return self.intercept.copy()
        columns, tf = np.unique(occurrences, return_counts=True)
        values = np.where(self._sublinear[columns], np.log(tf) + 1.0, tf) * self._idf[columns]
        # Each block's vector is l2-normalised on its own, then weighted.
        sizes = np.diff(np.searchsorted(columns, self._bounds))
        present = sizes > 0
        starts = np.cumsum(sizes) - sizes
        norms = np.sqrt(np.add.reduceat(values * values, starts[present]))
        values *= np.repeat(self._weights[present] / norms, sizes[present])
        # einsum's own loop, not BLAS: a few hundred rows gain nothing from BLAS threads,
        # which would only spin on the core the other worker needs.
        scores: FloatArray = self.intercept + np.einsum("i,ij->j", values, self.coef[columns])
        return scores

    def confidences(self, scores: FloatArray) -> FloatArray:
        """Return calibrated confidences: a softmax of the scores over the temperature."""
        scaled = scores / self.temperature
        scaled = np.exp(scaled - scaled.max())
        result: FloatArray = scaled / scaled.sum()
        return result

    def save(self, directory: Path) -> None:
        """Write the model into `directory` (created if needed), replacing any old model."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, FloatArray] = {"coef": self.coef, "intercept": self.intercept}
        for i, block in enumerate(self.blocks):
            arrays[f"idf_{i}"] = block.idf
        # Write both files under temporary names and rename them, so a reader never sees
        # a half-written file; the JSON names the arrays' checksum to catch a mismatch.
        arrays_tmp = directory / f".{ARRAYS_FILE}.{os.getpid()}.tmp"
        with arrays_tmp.open("wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
        document = {
            "format": FORMAT,
            "features_version": features_version(),
            "arrays_sha256": _sha256(arrays_tmp),
            "labels": list(self.labels),
            "fallback": self.fallback,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "max_chars": self.max_chars,
            "blocks": [
                {
                    "kind": block.analyzer.kind,
                    "ngram_range": [block.analyzer.low, block.analyzer.high],
                    "weight": block.weight,
                    "sublinear_tf": block.sublinear_tf,
                    "vocabulary": sorted(block.vocabulary, key=block.vocabulary.__getitem__),
                }
                for block in self.blocks
            ],
            "synonyms": self.synonyms,
            "known_words": self.corrector.counts if self.corrector is not None else None,
            "meta": self.meta,
        }
        json_tmp = directory / f".{MODEL_FILE}.{os.getpid()}.tmp"
        json_tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        os.replace(arrays_tmp, directory / ARRAYS_FILE)
        os.replace(json_tmp, directory / MODEL_FILE)

    @classmethod
    def load(cls, directory: Path) -> LinearModel:
        """Read a model written by `save`; raise ModelError if it is missing or unusable."""
        json_path, arrays_path = directory / MODEL_FILE, directory / ARRAYS_FILE
        if not json_path.is_file() or not arrays_path.is_file():
            raise ModelNotFoundError(f"no NLU model in {directory}")
        try:
            document = json.loads(json_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelFormatError(f"{json_path}: unreadable model file: {error}") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ModelFormatError(f"{json_path}: not a {FORMAT} model")
        if document.get("features_version") != features_version():
            raise ModelFormatError(
                f"{json_path}: trained with another version of the feature code; retrain it"
            )
        if document.get("arrays_sha256") != _sha256(arrays_path):
            raise ModelFormatError(f"{arrays_path} does not belong to {json_path}")
        try:
            with np.load(arrays_path, allow_pickle=False) as npz:
                arrays = {name: np.asarray(npz[name], dtype=np.float64) for name in npz.files}
            blocks = tuple(
                FeatureBlock(
                    analyzer=Analyzer(spec["kind"], *spec["ngram_range"]),
                    vocabulary={term: i for i, term in enumerate(spec["vocabulary"])},
                    idf=arrays[f"idf_{i}"],
                    weight=float(spec["weight"]),
                    sublinear_tf=bool(spec["sublinear_tf"]),
                )
                for i, spec in enumerate(document["blocks"])
            )
            return cls(
                labels=tuple(document["labels"]),
                blocks=blocks,
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                temperature=float(document["temperature"]),
                threshold=float(document["threshold"]),
                max_chars=int(document["max_chars"]),
                fallback=str(document["fallback"]),
                synonyms=dict(document["synonyms"]),
                meta=dict(document["meta"]),
                corrector=SpellingCorrector(known) if (known := document["known_words"]) else None,
            )
        except (KeyError, TypeError, ValueError, OSError) as error:
            raise ModelFormatError(f"{directory}: incomplete model: {error!r}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
