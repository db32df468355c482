"""Jamsos's NLU against Rasa 3.6 on the held-out split of nlu/data.

Both engines train on nlu/data/train and parse every message of nlu/data/test. For each we
measure intent accuracy, out-of-scope recall and entity F1 (scored by `nlu.evaluation`, as
`jamsos nlu evaluate` does), training time, model load time (a fresh process, imports
included) and the time of each parse after a warm-up. The figures go to a side-by-side table,
the project's targets are checked, and everything is written to results.json beside this file.

Run with the project's Python: `.venv/bin/python benchmarks/nlu_vs_rasa/run.py [--skip-rasa]`.
Rasa 3.6 needs Python 3.10, so it lives in its own virtual environment (RASA_VENV, by default
~/.cache/jamsos/rasa-venv), created on first use; rasa_side/ holds the code that runs there.
The exit status is 1 when a target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

import yaml

import nlu
from nlu.commands import DEFAULT_TEST_DIR, DEFAULT_TRAIN_DIR
from nlu.evaluation import EvaluationReport, SyncParser, evaluate
from nlu.training_data import Example, data_files, load_training_data
from nlu.types import Entity, Intent, IntentScore, ParseResult

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS_FILE = HERE / "results.json"
RASA_SIDE = HERE / "rasa_side"

RASA_VERSION = "3.6.21"
DEFAULT_RASA_VENV = Path.home() / ".cache" / "jamsos" / "rasa-venv"
RASA_FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = Intent.OUT_OF_SCOPE.value

WARMUP_MESSAGES = 50  # training messages parsed untimed before the timed pass
LOAD_RUNS = 3  # fresh processes timing our model load; the median is reported

TARGET_ACCURACY = 0.95
TARGET_OOS_RECALL = 0.90
TARGET_PARSE_P50_MS = 1.0
TARGET_TRAIN_S = 60.0
TARGET_LOAD_S = 2.0

# Each runs in a fresh interpreter, so the import of the NLU package counts.
_TRAIN_PROBE = """
import sys
from pathlib import Path
from nlu.commands import train
sys.exit(train(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdout))
"""
_LOAD_PROBE = """
import sys, time
started = time.perf_counter()
import nlu
nlu.load_parser(sys.argv[1])
print(time.perf_counter() - started)
"""


@dataclass(slots=True)
class Figures:
    """What one engine scored on the held-out split."""

    engine: str
    messages: int
    accuracy: float
    oos_recall: float
    false_fallback_rate: float  # in-scope messages answered with the fallback
    entity_precision: float
    entity_recall: float
    entity_f1: float
    train_s: float
    load_s: float
    parse_p50_ms: float
    parse_p95_ms: float
    parse_p99_ms: float
    notes: dict[str, Any] = field(default_factory=dict)
    per_intent_recall: dict[str, float] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Target:
    """One of the project's targets and whether our engine meets it."""

    name: str
    wanted: str
    measured: str
    status: str  # PASS, FAIL or SKIP


class TimedParser:
    """Wraps a parser and records how long each `parse_sync` takes, in milliseconds."""

    def __init__(self, parser: SyncParser):
        """Time `parser`."""
        self.parser = parser
        self.ms: list[float] = []

    def parse_sync(self, text: str) -> ParseResult:
        """Parse one message, timing it."""
        started = time.perf_counter_ns()
        result = self.parser.parse_sync(text)
        self.ms.append((time.perf_counter_ns() - started) / 1e6)
        return result


class ReplayParser:
    """Answers with Rasa's results, in order: lets `nlu.evaluation` score them."""

    def __init__(self, results: Sequence[dict[str, Any]]):
        """Replay `results` (parse_all.py's output), one per call."""
        self._results: Iterator[dict[str, Any]] = iter(results)

    def parse_sync(self, text: str) -> ParseResult:
        """Return Rasa's answer to `text`, its fallback renamed to ours."""
        result = next(self._results)
        if result["text"] != text:
            raise ValueError(f"Rasa answered {result['text']!r}, expected {text!r}")
        name = OUT_OF_SCOPE if result["intent"] == RASA_FALLBACK else result["intent"]
        return ParseResult(
            text=text,
            intent=IntentScore(name, result["confidence"]),
            entities=tuple(
                Entity(e["entity"], e["value"], e["start"], e["end"]) for e in result["entities"]
            ),
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 1 when a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-rasa", action="store_true", help="benchmark our engine only")
    parser.add_argument(
        "--rasa-epochs", type=int, default=100, metavar="N", help="DIET epochs (default 100)"
    )
    parser.add_argument(
        "--rasa-threshold",
        type=float,
        metavar="T",
        help="Rasa's FallbackClassifier threshold (default: the one in rasa_side/config.yml)",
    )
    parser.add_argument(
        "--results", type=Path, default=RESULTS_FILE, help="where to write the JSON figures"
    )
    arguments = parser.parse_args(argv)

    train = load_training_data(DEFAULT_TRAIN_DIR)
    test = load_training_data(DEFAULT_TEST_DIR).examples
    step = max(1, len(train.examples) // WARMUP_MESSAGES)
    warmup = [e.text for e in train.examples[::step]]
    print(
        f"Training: {len(train.examples)} examples, {len(train.intents)} intents; "
        f"held out: {len(test)} examples.",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="jamsos-bench-") as work:
        ours = benchmark_ours(test, warmup, Path(work) / "ours")
        print_figures(ours)
        rasa = None
        if not arguments.skip_rasa:
            rasa = benchmark_rasa(
                test, warmup, Path(work) / "rasa", arguments.rasa_epochs, arguments.rasa_threshold
            )
            print_figures(rasa)

    engines = [f for f in (ours, rasa) if f is not None]
    targets = check_targets(ours, rasa)
    print()
    print_table(engines)
    print()
    print_targets(targets)
    write_results(arguments.results, len(train.examples), test, engines, targets)
    print(f"\nFigures written to {display_path(arguments.results)}")
    return 1 if any(t.status == "FAIL" for t in targets) else 0


# --- our engine ---------------------------------------------------------------------------


def benchmark_ours(test: Sequence[Example], warmup: Sequence[str], work: Path) -> Figures:
    """Train, load and parse with Jamsos's own NLU."""
    model_dir = work / "model"
    print("\n[ours] training ...", flush=True)
    started = time.perf_counter()
    report = run_checked(
        "our training", [sys.executable, "-c", _TRAIN_PROBE, DEFAULT_TRAIN_DIR, model_dir]
    )
    train_s = time.perf_counter() - started
    print("".join(f"       {line}\n" for line in report.splitlines()), end="")

    print("[ours] loading in fresh processes ...", flush=True)
    loads = [
        float(run_checked("our model load", [sys.executable, "-c", _LOAD_PROBE, model_dir]))
        for _ in range(LOAD_RUNS)
    ]

    print("[ours] parsing the held-out messages ...", flush=True)
    engine = nlu.load_parser(model_dir)
    for text in warmup:
        engine.parse_sync(text)
    timed = TimedParser(engine)
    return figures(
        "Jamsos",
        evaluate(timed, test),
        timed.ms,
        train_s=train_s,
        load_s=statistics.median(loads),
        notes={"load_runs_s": loads, "fallback_threshold": engine.model.threshold},
    )


# --- Rasa ---------------------------------------------------------------------------------


def benchmark_rasa(
    test: Sequence[Example],
    warmup: Sequence[str],
    work: Path,
    epochs: int,
    threshold: float | None,
) -> Figures:
    """Train Rasa on the same files, then load and parse in the Rasa environment."""
    venv = ensure_rasa_venv(Path(os.environ.get("RASA_VENV", DEFAULT_RASA_VENV)).expanduser())
    config = write_rasa_project(work, epochs, threshold)
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}

    print(
        f"\n[rasa] training DIET for {epochs} epochs (several minutes on a small machine; "
        f"log: {work / 'train.log'}) ...",
        flush=True,
    )
    command: list[str | Path] = [
        venv / "bin" / "rasa", "train", "nlu", "--config", "config.yml", "--nlu", "data",
        "--out", "models", "--fixed-model-name", "nlu",
    ]  # fmt: skip
    started = time.perf_counter()
    run_checked("rasa train nlu", command, cwd=work, env=env, log=work / "train.log")
    train_s = time.perf_counter() - started

    print("[rasa] loading and parsing the held-out messages ...", flush=True)
    messages, parsed = work / "messages.json", work / "parsed.json"
    messages.write_text(
        json.dumps({"warmup": list(warmup), "texts": [e.text for e in test]}), encoding="utf-8"
    )
    run_checked(
        "rasa_side/parse_all.py",
        [
            venv / "bin" / "python", RASA_SIDE / "parse_all.py",
            "--model", work / "models" / "nlu.tar.gz", "--input", messages, "--output", parsed,
        ],
        env=env,
        log=work / "parse.log",
    )  # fmt: skip
    output = json.loads(parsed.read_text(encoding="utf-8"))
    results = output["results"]
    if len(results) != len(test):
        raise SystemExit(f"Rasa parsed {len(results)} of {len(test)} messages")
    best_threshold, best_accuracy = best_rasa_threshold(test, results)
    return figures(
        f"Rasa {RASA_VERSION}",
        evaluate(ReplayParser(results), test),
        [r["ms"] for r in results],
        train_s=train_s,
        load_s=output["import_s"] + output["load_s"],
        notes={
            "epochs": epochs,
            "fallback_threshold": fallback["threshold"],
            "ambiguity_threshold": fallback["ambiguity_threshold"],
            "import_s": output["import_s"],
            "agent_load_s": output["load_s"],
            "hindsight_best_threshold": best_threshold,
            "hindsight_best_accuracy": best_accuracy,
        },
    )


def ensure_rasa_venv(venv: Path) -> Path:
    """Return the Rasa virtual environment, creating it with Python 3.10 when it is missing."""
    if (venv / "bin" / "rasa").exists():
        return venv
    python = find_python310()
    print(
        f"[rasa] no Rasa environment at {venv}: creating it with {python} and installing "
        f"rasa=={RASA_VERSION} (about 1 GB of downloads; several minutes) ...",
        flush=True,
    )
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install"]
    subprocess.run([*pip, "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, f"rasa=={RASA_VERSION}"], check=True)
    return venv


def find_python310() -> str:
    """Return a Python 3.10 interpreter: pyenv's newest 3.10, else python3.10 on the PATH."""
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        pattern = os.path.join(root.stdout.strip(), "versions", "3.10.*", "bin", "python")
        candidates = glob.glob(pattern)
        if candidates:
            return max(candidates, key=_pyenv_version)
    python = shutil.which("python3.10")
    if python:
        return python
    raise SystemExit(
        "Rasa 3.6 needs Python 3.10: install it (pyenv install 3.10), or set RASA_VENV to an "
        f"environment with rasa=={RASA_VERSION}, or run with --skip-rasa."
    )


def _pyenv_version(python: str) -> tuple[int, ...]:
    """Return the version of pyenv's `.../versions/3.10.13/bin/python` as numbers."""
    version = Path(python).parents[1].name
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def write_rasa_project(work: Path, epochs: int, threshold: float | None) -> dict[str, Any]:
    """Write config.yml and the training files into `work`; return the configuration."""
    config: dict[str, Any] = yaml.safe_load((RASA_SIDE / "config.yml").read_text("utf-8"))
    for component in config["pipeline"]:
        if component["name"] == "DIETClassifier":
            component["epochs"] = epochs
        if component["name"] == "FallbackClassifier" and threshold is not None:
            component["threshold"] = threshold
    (work / "data").mkdir(parents=True)
    (work / "config.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for path in data_files(DEFAULT_TRAIN_DIR):
        shutil.copy(path, work / "data" / path.name)
    return config


def best_rasa_threshold(
    test: Sequence[Example], results: Sequence[dict[str, Any]]
) -> tuple[float, float]:
    """Return the fallback threshold that would have scored best, and that accuracy.

    Chosen with the test labels, so no fair setting: it shows what the configured
    threshold costs Rasa at most (the ambiguity rule is left out).
    """
    best = (0.0, -1.0)
    for step in range(0, 100, 5):
        threshold = step / 100
        right = sum(
            (OUT_OF_SCOPE if r["top_confidence"] < threshold else r["top_intent"]) == e.intent
            for e, r in zip(test, results, strict=True)
        )
        if right / len(test) > best[1]:
            best = (threshold, right / len(test))
    return best


# --- scoring ------------------------------------------------------------------------------


def figures(
    engine: str,
    report: EvaluationReport,
    timings_ms: Sequence[float],
    *,
    train_s: float,
    load_s: float,
    notes: dict[str, Any],
) -> Figures:
    """Gather one engine's figures from its evaluation report and timings."""
    precision = report.entity_precision or 0.0
    recall = report.entity_recall or 0.0
    oos = report.per_intent.get(OUT_OF_SCOPE)
    in_scope = report.n_examples - (oos.support if oos else 0)
    fallbacks = sum(m.predicted == OUT_OF_SCOPE for m in report.mistakes)
    timings = sorted(timings_ms)
    return Figures(
        engine=engine,
        messages=report.n_examples,
        accuracy=report.accuracy,
        oos_recall=report.oos_recall or 0.0,
        false_fallback_rate=fallbacks / in_scope if in_scope else 0.0,
        entity_precision=precision,
        entity_recall=recall,
        entity_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        train_s=train_s,
        load_s=load_s,
        parse_p50_ms=percentile(timings, 50),
        parse_p95_ms=percentile(timings, 95),
        parse_p99_ms=percentile(timings, 99),
        notes=notes,
        per_intent_recall={name: m.recall for name, m in sorted(report.per_intent.items())},
        errors=[
            {
                "text": m.example.text,
                "expected": m.example.intent,
                "got": m.predicted,
                "confidence": round(m.confidence, 3),
            }
            for m in report.mistakes
        ],
    )


def percentile(sorted_values: Sequence[float], q: int) -> float:
    """Return the q-th percentile (linear interpolation) of sorted values."""
    if len(sorted_values) < 2:
        return sorted_values[0] if sorted_values else 0.0
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[q - 1]


def check_targets(ours: Figures, rasa: Figures | None) -> list[Target]:
    """Check our engine against the project's targets."""

    def target(name: str, wanted: str, measured: str, ok: bool) -> Target:
        return Target(name, wanted, measured, "PASS" if ok else "FAIL")

    versus_rasa = (
        Target("accuracy vs Rasa", ">= Rasa's", "Rasa not run", "SKIP")
        if rasa is None
        else target(
            "accuracy vs Rasa", f">= {rasa.accuracy:.1%}", f"{ours.accuracy:.1%}",
            ours.accuracy >= rasa.accuracy,
        )
    )  # fmt: skip
    return [
        target(
            "held-out accuracy", f">= {TARGET_ACCURACY:.0%}", f"{ours.accuracy:.1%}",
            ours.accuracy >= TARGET_ACCURACY,
        ),
        target(
            "out-of-scope recall", f">= {TARGET_OOS_RECALL:.0%}", f"{ours.oos_recall:.1%}",
            ours.oos_recall >= TARGET_OOS_RECALL,
        ),
        versus_rasa,
        target(
            "parse p50", f"<= {TARGET_PARSE_P50_MS:g} ms", f"{ours.parse_p50_ms:.3f} ms",
            ours.parse_p50_ms <= TARGET_PARSE_P50_MS,
        ),
        target(
            "training", f"<= {TARGET_TRAIN_S:g} s", f"{ours.train_s:.1f} s",
            ours.train_s <= TARGET_TRAIN_S,
        ),
        target(
            "model load", f"<= {TARGET_LOAD_S:g} s", f"{ours.load_s:.2f} s",
            ours.load_s <= TARGET_LOAD_S,
        ),
    ]  # fmt: skip


# --- output -------------------------------------------------------------------------------


def print_figures(figures: Figures) -> None:
    """Print one engine's figures as soon as they are known."""
    print(
        f"[{figures.engine}] accuracy {figures.accuracy:.1%}, out-of-scope recall "
        f"{figures.oos_recall:.1%}, entity F1 {figures.entity_f1:.1%}, training "
        f"{figures.train_s:.1f} s, load {figures.load_s:.2f} s, parse p50 "
        f"{figures.parse_p50_ms:.3f} ms",
        flush=True,
    )


def print_table(engines: Sequence[Figures]) -> None:
    """Print the engines side by side."""

    def row(label: str, cell: str) -> tuple[str, ...]:
        return (label, *(cell.format(f=f) for f in engines))

    print_rows(
        [
            ("", *(f.engine for f in engines)),
            row("held-out accuracy", "{f.accuracy:.1%}"),
            row("out-of-scope recall", "{f.oos_recall:.1%}"),
            row("in-scope sent to fallback", "{f.false_fallback_rate:.1%}"),
            row("entity F1", "{f.entity_f1:.1%}"),
            row("training (s)", "{f.train_s:.1f}"),
            row("model load (s)", "{f.load_s:.2f}"),
            row("parse p50 (ms)", "{f.parse_p50_ms:.3f}"),
            row("parse p95 (ms)", "{f.parse_p95_ms:.3f}"),
            row("parse p99 (ms)", "{f.parse_p99_ms:.3f}"),
        ]
    )
    for f in engines:
        if "hindsight_best_accuracy" in f.notes:
            print(
                f"({f.engine} at its fallback threshold {f.notes['fallback_threshold']:.2f}; "
                f"the best threshold in hindsight, {f.notes['hindsight_best_threshold']:.2f}, "
                f"would give {f.notes['hindsight_best_accuracy']:.1%})"
            )


def print_targets(targets: Sequence[Target]) -> None:
    """Print the targets with PASS, FAIL or SKIP."""
    print_rows([("target", "wanted", "measured", ""), *(astuple(t) for t in targets)])


def print_rows(rows: Sequence[Sequence[str]]) -> None:
    """Print rows as aligned columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        print("  ".join([row[0].ljust(widths[0]), *rest]).rstrip())


def write_results(
    path: Path,
    train_examples: int,
    test: Sequence[Example],
    engines: Sequence[Figures],
    targets: Sequence[Target],
) -> None:
    """Write every figure, the machine, the data sizes and the misclassified messages."""
    document = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "data": {
            "train_examples": train_examples,
            "test_examples": len(test),
            "test_intents": len({e.intent for e in test}),
        },
        "engines": [asdict(f) for f in engines],
        "targets": [asdict(t) for t in targets],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def display_path(path: Path) -> str:
    """Return `path` relative to the repository when it lies inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- processes ----------------------------------------------------------------------------


def run_checked(
    name: str,
    command: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> str:
    """Run a command and return its standard output; on failure show its output and stop.

    `name` says what the command does, for the error message.

    With a `log`, both output streams go to that file as they come (Rasa and TensorFlow are
    talkative) and nothing is returned.
    """
    args = [str(part) for part in command]
    if log is None:
        completed = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        status, stdout = completed.returncode, completed.stdout
        output = stdout + completed.stderr
    else:
        with log.open("w", encoding="utf-8") as file:
            status = subprocess.run(
                args, cwd=cwd, env=env, stdout=file, stderr=subprocess.STDOUT, check=False
            ).returncode
        stdout, output = "", log.read_text(encoding="utf-8", errors="replace")
    if status != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise SystemExit(f"{name} failed (exit status {status}):\n{tail}")
    return stdout


if __name__ == "__main__":
    sys.exit(main())
