"""The command functions behind `jamsos nlu train|parse|evaluate`."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from nlu import commands
from nlu.model import MODEL_FILE, LinearModel

TRAIN = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - halo
    - hai kak
    - selamat pagi
    - hello
    - hi there
- intent: file_claim
  examples: |
    - mau klaim [jht]{"entity": "program", "value": "JHT"}
    - ajukan klaim [jkm](program)
    - I want to file a claim
    - tolong cairkan jht saya
    - klaim pensiun dong
- intent: out_of_scope
  examples: |
    - kurs ringgit berapa
    - sing me a song
    - cuaca besok gimana
    - resep nasi goreng
    - siapa presiden amerika
- synonym: JHT
  examples: |
    - tabungan masa tua
"""
TEST = """\
nlu:
- intent: greet
  examples: |
    - halo kak
- intent: file_claim
  examples: |
    - mau klaim [tabungan masa tua]{"entity": "program", "value": "JHT"}
"""


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    train_dir, test_dir = tmp_path / "train", tmp_path / "test"
    train_dir.mkdir()
    test_dir.mkdir()
    (train_dir / "nlu.yml").write_text(TRAIN, encoding="utf-8")
    (test_dir / "nlu.yml").write_text(TEST, encoding="utf-8")
    return train_dir, test_dir


def test_train_parse_evaluate(data: tuple[Path, Path], tmp_path: Path) -> None:
    train_dir, test_dir = data
    model_dir = tmp_path / "model"
    out = io.StringIO()
    assert commands.train(train_dir, model_dir, out) == 0
    printed = out.getvalue()
    assert "examples: 15 (3 intents)" in printed
    assert "time:" in printed
    assert "cross-validated accuracy:" in printed

    out = io.StringIO()
    assert commands.parse(model_dir, io.StringIO("mau klaim jht\n\nhalo kak\n"), out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["text"] for line in lines] == ["mau klaim jht", "", "halo kak"]
    first = lines[0]
    assert set(first) == {"text", "intent", "intent_ranking", "entities", "language"}
    assert first["intent"]["name"] == "file_claim"
    assert first["entities"] == [{"entity": "program", "value": "JHT", "start": 10, "end": 13}]
    assert lines[1]["intent"] == {"name": "out_of_scope", "confidence": 1.0}

    out = io.StringIO()
    assert commands.evaluate(model_dir, test_dir, out) == 0
    assert "intent accuracy:" in out.getvalue()
    assert "entity recall:       1.000" in out.getvalue()  # the synonym from training


def test_train_reports_bad_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("nlu:\n- intent: greet\n  examples: |\n    no dash\n", encoding="utf-8")
    out = io.StringIO()
    assert commands.train(bad, tmp_path / "model", out) == 1
    assert f"{bad}:4:" in out.getvalue()


def test_parse_and_evaluate_without_a_model(tmp_path: Path) -> None:
    out = io.StringIO()
    assert commands.parse(tmp_path / "none", io.StringIO("halo\n"), out) == 1
    assert out.getvalue() == ""
    assert commands.evaluate(tmp_path / "none", tmp_path, out) == 1
    assert "no NLU model" in out.getvalue()


def test_ensure_model_trains_only_when_needed(data: tuple[Path, Path], tmp_path: Path) -> None:
    train_dir, _ = data
    model_dir = tmp_path / "model"
    assert commands.ensure_model(train_dir, model_dir) == model_dir
    stamp = (model_dir / MODEL_FILE).stat().st_mtime_ns
    os.utime(model_dir / MODEL_FILE, ns=(stamp - 10**9, stamp - 10**9))
    stamp = (model_dir / MODEL_FILE).stat().st_mtime_ns

    commands.ensure_model(train_dir, model_dir)  # unchanged data: kept
    assert (model_dir / MODEL_FILE).stat().st_mtime_ns == stamp

    with (train_dir / "nlu.yml").open("a", encoding="utf-8") as handle:
        handle.write("- intent: thanks\n  examples: |\n    - makasih\n    - thanks\n")
    commands.ensure_model(train_dir, model_dir)  # changed data: retrained
    assert "thanks" in LinearModel.load(model_dir).labels

    (model_dir / MODEL_FILE).write_text("{broken", encoding="utf-8")
    commands.ensure_model(train_dir, model_dir)  # unusable model: retrained
    assert LinearModel.load(model_dir).labels

    stamp = (model_dir / MODEL_FILE).stat().st_mtime_ns
    commands.ensure_model(tmp_path / "no-data", model_dir)  # no data: the model is kept
    assert (model_dir / MODEL_FILE).stat().st_mtime_ns == stamp


def test_defaults_point_into_the_package() -> None:
    assert commands.DEFAULT_TRAIN_DIR.is_dir()
    assert commands.DEFAULT_TEST_DIR.is_dir()
    assert Path(".jamsos/nlu-model") == commands.DEFAULT_MODEL_DIR
