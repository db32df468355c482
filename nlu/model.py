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


@dataclass(frozen=True, slots=True)
class FeatureBlock:
    """One TF-IDF feature block: its analyzer, vocabulary, idf and weight."""

    analyzer: Analyzer
    vocabulary: dict[str, int]
    idf: FloatArray
    weight: float = 1.0
    sublinear_tf: bool = True

    def vector(self, text: str) -> tuple[npt.NDArray[np.intp], FloatArray]:
        """Return the (column indices, values) of the block's TF-IDF vector for `text`."""
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for gram in self.analyzer(text):
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        size = len(counts)
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=size)
        values = np.fromiter(counts.values(), dtype=np.float64, count=size)
        if size == 0:
            return columns, values
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        values *= self.idf[columns]
        values *= self.weight / np.sqrt(values @ values)
        return columns, values


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
    _offsets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        offsets, total = [], 0
        for block in self.blocks:
            offsets.append(total)
            total += len(block.idf)
        self._offsets = tuple(offsets)
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
        scores = self.intercept.copy()
        for block, offset in zip(self.blocks, self._offsets, strict=True):
            columns, values = block.vector(normalized)
            if len(columns):
                scores += values @ self.coef[columns + offset]
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
