"""Evaluate a parser on labelled examples and write a plain-text report.

Measures intent accuracy, per-intent precision/recall/F1, the most confused pairs,
out-of-scope recall, and entity precision/recall (an entity counts when its name,
value and span all match).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from nlu.training_data import Example
from nlu.types import Intent, ParseResult

FALLBACK = Intent.OUT_OF_SCOPE.value


class SyncParser(Protocol):
    """Anything with a synchronous `parse_sync`, such as BuiltinParser."""

    def parse_sync(self, text: str) -> ParseResult:
        """Parse one message."""
        ...


@dataclass(frozen=True, slots=True)
class IntentMetrics:
    """Precision, recall and F1 of one intent, with its number of test examples."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Mistake:
    """One misclassified example."""

    example: Example
    predicted: str
    confidence: float


@dataclass(slots=True)
class EvaluationReport:
    """Everything `evaluate` measured."""

    n_examples: int
    accuracy: float
    per_intent: dict[str, IntentMetrics]
    confusions: list[tuple[str, str, int]]
    oos_recall: float | None
    entity_precision: float | None
    entity_recall: float | None
    mistakes: list[Mistake] = field(default_factory=list)
    seconds: float = 0.0

    def text(self, max_confusions: int = 10, max_mistakes: int = 30) -> str:
        """Return the report as plain text."""
        lines = [
            f"examples:            {self.n_examples}",
            f"intent accuracy:     {self.accuracy:.3f}",
            f"out_of_scope recall: {_fmt(self.oos_recall)}",
            f"entity precision:    {_fmt(self.entity_precision)}",
            f"entity recall:       {_fmt(self.entity_recall)}",
            f"parse time:          {self.seconds * 1000 / max(self.n_examples, 1):.3f} ms/message",
            "",
            f"{'intent':<28} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}",
        ]
        for name, m in sorted(self.per_intent.items()):
            lines.append(
                f"{name:<28} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.support:5d}"
            )
        if self.confusions:
            lines += ["", "most confused (true -> predicted: count):"]
            lines += [f"  {t} -> {p}: {n}" for t, p, n in self.confusions[:max_confusions]]
        if self.mistakes:
            lines += ["", "mistakes (file:line true -> predicted confidence  text):"]
            for mistake in self.mistakes[:max_mistakes]:
                e = mistake.example
                where = f"{e.path}:{e.line}" if e.path else "-"
                lines.append(
                    f"  {where} {e.intent} -> {mistake.predicted} "
                    f"{mistake.confidence:.2f}  {e.text!r}"
                )
        return "\n".join(lines) + "\n"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def evaluate(parser: SyncParser, examples: Iterable[Example]) -> EvaluationReport:
    """Parse every example and measure intents and entities."""
    pairs: list[tuple[str, str]] = []
    mistakes: list[Mistake] = []
    entity_hits = entity_predicted = entity_gold = 0
    started = time.perf_counter()
    for example in examples:
        result = parser.parse_sync(example.text)
        pairs.append((example.intent, result.intent.name))
        if result.intent.name != example.intent:
            mistakes.append(Mistake(example, result.intent.name, result.intent.confidence))
        gold = {(e.entity, e.value, e.start, e.end) for e in example.entities}
        predicted = {(e.entity, e.value, e.start, e.end) for e in result.entities}
        entity_hits += len(gold & predicted)
        entity_predicted += len(predicted)
        entity_gold += len(gold)
    seconds = time.perf_counter() - started

    labels = sorted({t for t, _ in pairs} | {p for _, p in pairs})
    true_count = Counter(t for t, _ in pairs)
    predicted_count = Counter(p for _, p in pairs)
    correct = Counter(t for t, p in pairs if t == p)
    per_intent = {}
    for label in labels:
        if not true_count[label]:
            continue  # predicted but never expected: shows up in confusions instead
        precision = _ratio(correct[label], predicted_count[label]) or 0.0
        recall = _ratio(correct[label], true_count[label]) or 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[label] = IntentMetrics(precision, recall, f1, true_count[label])
    confusions = Counter((t, p) for t, p in pairs if t != p)
    n = len(pairs)
    return EvaluationReport(
        n_examples=n,
        accuracy=sum(correct.values()) / n if n else 0.0,
        per_intent=per_intent,
        confusions=[(t, p, c) for (t, p), c in confusions.most_common()],
        oos_recall=_ratio(correct[FALLBACK], true_count[FALLBACK]),
        entity_precision=_ratio(entity_hits, entity_predicted),
        entity_recall=_ratio(entity_hits, entity_gold),
        mistakes=mistakes,
        seconds=seconds,
    )
