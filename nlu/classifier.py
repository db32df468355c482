"""Parse messages with a trained model: `BuiltinParser`, the in-process NLU.

Parsing never touches scikit-learn (training lives in `nlu.training`):
`LinearModel.decision_scores` recomputes the training features and the linear layer
with dicts and numpy, which keeps a parse well under a millisecond and a model load
free of scikit-learn's import time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlu.entities import EntityExtractor
from nlu.features import classifier_text, strip_greeting
from nlu.followup import is_followup
from nlu.language import detect_language
from nlu.model import LinearModel
from nlu.types import IntentScore, Language, LanguageGuess, ParseResult

RANKING_SIZE = 10
_GREETINGS = ("greet",)
# How sure the classifier must be of what follows a greeting to answer that instead.
_QUESTION_AFTER_GREETING = 0.5


def load_model(model_dir: Path | str) -> LinearModel:
    """Load a model directory written by `LinearModel.save`."""
    return LinearModel.load(Path(model_dir))


class BuiltinParser:
    """The in-process NLU: intent, ranking, entities and language of a message."""

    def __init__(self, model: LinearModel):
        """Wrap a trained model; entity synonyms come from its training data."""
        self.model = model
        self.extractor = EntityExtractor(model.synonyms)
        self._fallback = model.fallback

    @classmethod
    def load(cls, model_dir: Path | str) -> BuiltinParser:
        """Load the model in `model_dir`."""
        return cls(load_model(model_dir))

    def parse_sync(self, text: str) -> ParseResult:
        """Parse one message synchronously (a few hundred microseconds)."""
        entities = self.extractor.extract(text) if text else ()
        normalized = classifier_text(text, entities, self.model.max_chars) if text else ""
        if not normalized:
            # Nothing to classify (empty, blanks, emoji or symbols only).
            certain = IntentScore(self._fallback, 1.0)
            return ParseResult(
                text=text,
                intent=certain,
                intent_ranking=(certain,),
                entities=entities,
                language=LanguageGuess(Language.ID, confident=False),
            )
        ranking = self._rank(normalized)
        best = ranking[0]
        if best.name in _GREETINGS and (rest := strip_greeting(normalized)) is not None:
            # "halo kak, apa itu jkp?": greeted, then asked. Answer the question when the
            # rest of the message, on its own, is a confident in-scope intent.
            second = self._rank(rest)
            if second[0].name not in (*_GREETINGS, self._fallback) and second[0].confidence >= max(
                self.model.threshold, _QUESTION_AFTER_GREETING
            ):
                ranking, best = second, second[0]
        if best.confidence < self.model.threshold:
            # Rasa's fallback convention: the fallback intent carries the threshold.
            intent = IntentScore(self._fallback, self.model.threshold)
        else:
            intent = best
        return ParseResult(
            text=text,
            intent=intent,
            intent_ranking=ranking,
            entities=entities,
            language=detect_language(text),
        )

    def _rank(self, normalized: str) -> tuple[IntentScore, ...]:
        """Return the top intents of a normalised text, best first."""
        model = self.model
        confidences = model.confidences(model.decision_scores(normalized))
        order = np.argsort(-confidences, kind="stable")[:RANKING_SIZE]
        return tuple(IntentScore(model.labels[i], float(confidences[i])) for i in order)

    async def parse(self, text: str) -> ParseResult:
        """Parse one message (the IntentParser port); parsing is CPU-only and fast."""
        return self.parse_sync(text)

    def is_followup(self, text: str) -> bool:
        """Return `nlu.is_followup(text)`, knowing the training data's program synonyms."""
        return is_followup(text, self.extractor)


def load_parser(model_dir: Path | str) -> BuiltinParser:
    """Return a BuiltinParser over the model in `model_dir`."""
    return BuiltinParser.load(model_dir)
