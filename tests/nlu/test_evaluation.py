"""Scoring a parser on labelled examples."""

from __future__ import annotations

from nlu.evaluation import evaluate
from nlu.training_data import Example
from nlu.types import Entity, IntentScore, ParseResult


class ScriptedParser:
    """Answers each text with a fixed intent and entities."""

    def __init__(self, answers: dict[str, tuple[str, tuple[Entity, ...]]]):
        self.answers = answers

    def parse_sync(self, text: str) -> ParseResult:
        intent, entities = self.answers[text]
        return ParseResult(text, IntentScore(intent, 0.9), (IntentScore(intent, 0.9),), entities)


JHT = Entity("program", "JHT", 6, 9)


def test_metrics() -> None:
    examples = [
        Example("klaim jht", "file_claim", (JHT,), "t.yml", 3),
        Example("halo", "greet"),
        Example("hai", "greet"),
        Example("kurs ringgit", "out_of_scope"),
        Example("cuaca", "out_of_scope"),
    ]
    parser = ScriptedParser(
        {
            "klaim jht": ("file_claim", (JHT, Entity("program", "JP", 0, 5))),
            "halo": ("greet", ()),
            "hai": ("out_of_scope", ()),
            "kurs ringgit": ("out_of_scope", ()),
            "cuaca": ("greet", ()),
        }
    )
    report = evaluate(parser, examples)
    assert report.n_examples == 5
    assert report.accuracy == 3 / 5
    assert report.oos_recall == 1 / 2
    assert report.entity_precision == 1 / 2
    assert report.entity_recall == 1.0
    greet = report.per_intent["greet"]
    assert (greet.precision, greet.recall, greet.support) == (1 / 2, 1 / 2, 2)
    assert round(greet.f1, 6) == 0.5
    assert report.per_intent["file_claim"].f1 == 1.0
    assert sorted(report.confusions) == [("greet", "out_of_scope", 1), ("out_of_scope", "greet", 1)]
    assert [(m.example.text, m.predicted) for m in report.mistakes] == [
        ("hai", "out_of_scope"),
        ("cuaca", "greet"),
    ]
    text = report.text()
    assert "intent accuracy:     0.600" in text
    assert "greet -> out_of_scope: 1" in text
    assert "'cuaca'" in text


def test_empty() -> None:
    report = evaluate(ScriptedParser({}), [])
    assert report.accuracy == 0.0
    assert report.oos_recall is None
    assert report.entity_precision is None
    assert "n/a" in report.text()
