"""The intent classifier: fast path = scikit-learn, persistence, parsing, held-out quality."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nlu import BuiltinParser, IntentParser, load_parser, train_model
from nlu.commands import DEFAULT_TEST_DIR, DEFAULT_TRAIN_DIR
from nlu.entities import EntityExtractor
from nlu.errors import ModelFormatError, ModelNotFoundError
from nlu.evaluation import evaluate
from nlu.features import classifier_text
from nlu.model import ARRAYS_FILE, MODEL_FILE, LinearModel
from nlu.training import TrainingResult
from nlu.training_data import TrainingData, load_training_data
from nlu.types import Language


@pytest.fixture(scope="module")
def training_data() -> TrainingData:
    return load_training_data(DEFAULT_TRAIN_DIR)


@pytest.fixture(scope="module")
def trained(training_data: TrainingData) -> TrainingResult:
    """One training on nlu/data/train, shared by the module's tests."""
    return train_model(training_data)


@pytest.fixture(scope="module")
def parser(trained: TrainingResult) -> BuiltinParser:
    return BuiltinParser(trained.model)


def test_training_is_quick(trained: TrainingResult) -> None:
    assert trained.seconds <= 60
    assert trained.cv_accuracy is not None
    assert 0.0 < trained.model.threshold < 1.0
    assert trained.model.temperature > 0


def test_fast_path_equals_scikit_learn(
    trained: TrainingResult, training_data: TrainingData
) -> None:
    extractor = EntityExtractor(training_data.synonyms)
    texts = [classifier_text(e.text, extractor.extract(e.text)) for e in training_data.examples]
    expected = trained.pipeline.decision_function(texts)
    got = np.array([trained.model.decision_scores(text) for text in texts])
    assert list(trained.pipeline.classes_) == list(trained.model.labels)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)
    # Same ranking, hence the same answer and intent_ranking.
    ranked = np.argsort(-got, axis=1, kind="stable")
    assert (ranked == np.argsort(-expected, axis=1, kind="stable")).all()
    predicted = [trained.model.labels[i] for i in got.argmax(axis=1)]
    assert predicted == list(trained.pipeline.predict(texts))


def test_save_load_round_trip(trained: TrainingResult, tmp_path: Path) -> None:
    trained.model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [ARRAYS_FILE, MODEL_FILE]
    with np.load(tmp_path / ARRAYS_FILE, allow_pickle=False) as arrays:
        assert "coef" in arrays.files
    loaded = LinearModel.load(tmp_path)
    assert loaded.labels == trained.model.labels
    assert loaded.threshold == trained.model.threshold
    assert loaded.temperature == trained.model.temperature
    assert loaded.synonyms == trained.model.synonyms
    for text in ["mau klaim jht dong", "where is your office", "berapa kurs ringgit", ""]:
        np.testing.assert_array_equal(
            loaded.decision_scores(text), trained.model.decision_scores(text)
        )
    original, reloaded = BuiltinParser(trained.model), load_parser(tmp_path)
    assert reloaded.parse_sync("klo jht sy gmn") == original.parse_sync("klo jht sy gmn")


def test_load_errors(trained: TrainingResult, tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError):
        load_parser(tmp_path / "nothing")
    trained.model.save(tmp_path)
    document = json.loads((tmp_path / MODEL_FILE).read_text())
    document["format"] = "something-else/9"
    (tmp_path / MODEL_FILE).write_text(json.dumps(document))
    with pytest.raises(ModelFormatError):
        load_parser(tmp_path)
    trained.model.save(tmp_path)
    (tmp_path / ARRAYS_FILE).write_bytes(b"not an npz")
    with pytest.raises(ModelFormatError):
        load_parser(tmp_path)


def test_parse_result_shape(parser: BuiltinParser) -> None:
    result = parser.parse_sync("mau klaim jht dong kak")
    assert result.intent.name == "file_claim"
    assert 0.0 < result.intent.confidence <= 1.0
    assert 1 < len(result.intent_ranking) <= 10
    confidences = [s.confidence for s in result.intent_ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert result.entity_values("program") == ["JHT"]
    assert result.language.language is Language.ID
    shape = result.to_dict()
    assert set(shape) == {"text", "intent", "intent_ranking", "entities", "language"}
    assert shape["entities"] == [{"entity": "program", "value": "JHT", "start": 10, "end": 13}]
    json.dumps(shape)


def test_low_confidence_falls_back_but_keeps_the_ranking(trained: TrainingResult) -> None:
    text = "mau klaim jht dong"
    normal = BuiltinParser(trained.model).parse_sync(text)
    assert normal.intent.name == "file_claim"
    top = normal.intent_ranking[0].confidence
    strict = BuiltinParser(dataclasses.replace(trained.model, threshold=(1 + top) / 2))
    result = strict.parse_sync(text)
    assert result.intent.name == "out_of_scope"
    assert result.intent.confidence == (1 + top) / 2
    assert result.intent_ranking == normal.intent_ranking


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "😊🙏", "!!!", "\x00\x01\x02"])
def test_nothing_to_classify(parser: BuiltinParser, text: str) -> None:
    result = parser.parse_sync(text)
    assert result.intent.name == "out_of_scope"
    assert result.intent.confidence == 1.0
    assert result.entities == ()
    assert not result.language.confident


def test_long_and_odd_input(parser: BuiltinParser) -> None:
    long_text = "saya mau klaim jht " + "bla " * 2500
    assert len(long_text) > 10_000
    started = time.perf_counter()
    result = parser.parse_sync(long_text)
    assert time.perf_counter() - started < 0.5
    assert result.intent.name == "file_claim"
    assert parser.parse_sync("mau klaim jht\x00\x07 dong 👍").intent.name == "file_claim"
    parser.parse_sync("🙂" * 5000)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("halo kak, apa itu jkp?", "program_info"),
        ("selamat pagi min, saya mau klaim jht", "file_claim"),
        ("halo kak", "greet"),
        ("selamat pagi kak, semoga sehat selalu", "greet"),
    ],
)
def test_greeting_then_question(parser: BuiltinParser, text: str, intent: str) -> None:
    assert parser.parse_sync(text).intent.name == intent


def test_followup_knows_the_training_synonyms(parser: BuiltinParser) -> None:
    assert parser.is_followup("kalau jaminan hari tue gimana?")
    assert not parser.is_followup("mau klaim jht")


async def test_async_parse_is_the_port(parser: BuiltinParser) -> None:
    port: IntentParser = parser
    result = await port.parse("thanks a lot")
    assert result.intent.name == "thanks"
    assert result.language.language is Language.EN


def test_parse_is_fast(parser: BuiltinParser, training_data: TrainingData) -> None:
    texts = [e.text for e in training_data.examples[:300]]
    for text in texts[:50]:
        parser.parse_sync(text)
    timings = []
    for text in texts:
        started = time.perf_counter()
        parser.parse_sync(text)
        timings.append(time.perf_counter() - started)
    assert float(np.median(timings)) < 0.002  # the target is 1 ms; leave room for slow CI


def test_held_out_quality(parser: BuiltinParser) -> None:
    report = evaluate(parser, load_training_data(DEFAULT_TEST_DIR).examples)
    assert report.accuracy >= 0.95, report.text()
    assert report.oos_recall is not None and report.oos_recall >= 0.90, report.text()


def test_loading_a_model_does_not_import_scikit_learn(
    trained: TrainingResult, tmp_path: Path
) -> None:
    trained.model.save(tmp_path)
    probe = (
        "import sys, nlu; nlu.load_parser(sys.argv[1]).parse_sync('halo'); "
        "sys.exit('sklearn' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", probe, str(tmp_path)], check=False).returncode == 0
