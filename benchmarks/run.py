"""Run every benchmark under benchmarks/ (each folder with a run.py); `make bench` calls this.

    python benchmarks/run.py                    # all of them
    python benchmarks/run.py nlu_vs_rasa        # some of them, by folder name
    python benchmarks/run.py -- --skip-rasa     # arguments after `--` go to every benchmark

Each benchmark runs in its own process with this Python. The exit status is 1 when any
benchmark fails or misses a target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> dict[str, Path]:
    """Return the benchmarks by name: every sub-folder holding a run.py."""
    return {path.parent.name: path for path in sorted(HERE.glob("*/run.py"))}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks one after another and summarise."""
    args = list(sys.argv[1:] if argv is None else argv)
    passed = args[args.index("--") + 1 :] if "--" in args else []
    own = args[: args.index("--")] if "--" in args else args
    benchmarks = available()
    parser = argparse.ArgumentParser(description="Run the benchmarks.")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(benchmarks))
    chosen = parser.parse_args(own).names or list(benchmarks)
    unknown = [name for name in chosen if name not in benchmarks]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (there are: {', '.join(benchmarks)})")

    statuses: dict[str, int] = {}
    for name in chosen:
        print(f"=== {name} ===", flush=True)
        started = time.perf_counter()
        statuses[name] = subprocess.run(
            [sys.executable, str(benchmarks[name]), *passed], check=False
        ).returncode
        print(
            f"=== {name}: exit status {statuses[name]} in {time.perf_counter() - started:.0f} s\n"
        )
    failed = [name for name, status in statuses.items() if status != 0]
    print(
        f"{len(chosen) - len(failed)} of {len(chosen)} benchmarks met every target"
        + (f"; not: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
