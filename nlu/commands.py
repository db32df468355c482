"""The NLU's command-line actions, as plain functions the CLI (`bot/cli_admin.py`) calls.

Each takes its paths and output streams as arguments and returns an exit status, so
it can be called from tests as well as from the `jamsos nlu ...` commands.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nlu.classifier import load_parser
from nlu.errors import ModelError, NluError, TrainingDataError
from nlu.evaluation import evaluate as evaluate_parser
from nlu.model import LinearModel
from nlu.normalize import normalize
from nlu.training_data import TrainingData, data_files, find_conflicts, load_training_data
from nlu.types import Intent

if TYPE_CHECKING:
    from nlu.training import TrainingResult

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_TRAIN_DIR = DATA_DIR / "train"
DEFAULT_TEST_DIR = DATA_DIR / "test"
DEFAULT_MODEL_DIR = Path(".jamsos") / "nlu-model"  # relative to the working directory


def data_fingerprint(data_dir: Path) -> str:
    """Return a digest of the training files' names and contents."""
    digest = hashlib.sha256()
    for path in data_files(data_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _train(data_dir: Path, model_dir: Path, data: TrainingData | None = None) -> TrainingResult:
    from nlu.training import train_model  # scikit-learn: imported only to train

    result = train_model(data or load_training_data(data_dir))
    result.model.meta["data_fingerprint"] = data_fingerprint(data_dir)
    result.model.save(model_dir)
    return result


def train(data_dir: Path, model_dir: Path, out: TextIO) -> int:
    """Train a model on `data_dir` and save it in `model_dir`; print what happened."""
    try:
        data = load_training_data(data_dir)
        result = _train(data_dir, model_dir, data)
    except (NluError, ValueError) as error:
        _print(out, f"error: {error}")
        return 1
    unknown = sorted(set(data.intents) - {i.value for i in Intent})
    if unknown:
        _print(out, f"warning: intents outside the contract: {', '.join(unknown)}")
    for group in find_conflicts(data.examples, normalize):
        where = "; ".join(f"{e.path}:{e.line} {e.intent}" for e in group)
        _print(out, f"warning: contradictory examples {group[0].text!r}: {where}")
    cv = "n/a" if result.cv_accuracy is None else f"{result.cv_accuracy:.3f}"
    oos = "n/a" if result.cv_oos_recall is None else f"{result.cv_oos_recall:.3f}"
    _print(out, f"examples: {result.n_examples} ({len(data.intents)} intents)")
    _print(out, f"time: {result.seconds:.1f} s")
    _print(out, f"cross-validated accuracy: {cv} (out_of_scope recall {oos})")
    _print(out, f"fallback threshold: {result.model.threshold:.2f}")
    _print(out, f"model: {model_dir}")
    return 0


def parse(model_dir: Path, inp: TextIO, out: TextIO) -> int:
    """Parse one message per input line; write one JSON object per line (the contract)."""
    try:
        parser = load_parser(model_dir)
    except ModelError as error:
        _print(sys.stderr, f"error: {error}")
        return 1
    for line in inp:
        result = parser.parse_sync(line.rstrip("\r\n"))
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def evaluate(model_dir: Path, test_dir: Path, out: TextIO) -> int:
    """Evaluate the model in `model_dir` on the held-out data in `test_dir`; print the report."""
    try:
        parser = load_parser(model_dir)
        examples = load_training_data(test_dir).examples
    except NluError as error:
        _print(out, f"error: {error}")
        return 1
    _print(out, evaluate_parser(parser, examples).text().rstrip("\n"))
    return 0


def ensure_model(data_dir: Path = DEFAULT_TRAIN_DIR, model_dir: Path = DEFAULT_MODEL_DIR) -> Path:
    """Return `model_dir`, training first when the model is missing, unusable or stale.

    Stale means trained on other data: the model records a digest of the data files,
    which (unlike modification times) survives checkouts and copies.
    """
    try:
        model: LinearModel | None = LinearModel.load(model_dir)
    except ModelError:
        model = None
    if model is not None:
        try:
            if model.meta.get("data_fingerprint") == data_fingerprint(data_dir):
                return model_dir
        except TrainingDataError:
            return model_dir  # no training data to compare with: keep the model we have
    _train(data_dir, model_dir)
    return model_dir


def _print(out: TextIO, message: str) -> None:
    out.write(message + "\n")


__all__ = [
    "DEFAULT_MODEL_DIR",
    "DEFAULT_TEST_DIR",
    "DEFAULT_TRAIN_DIR",
    "data_fingerprint",
    "ensure_model",
    "evaluate",
    "parse",
    "train",
]
