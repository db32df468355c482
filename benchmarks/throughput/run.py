"""Chat messages per second through `jamsos serve`, with Redis state and PostgreSQL.

    python benchmarks/throughput/run.py [--workers 1,2] [--count 20000] [--duration 20]
                                        [--concurrency 16] [--users 2000]

1. Takes the held-out NLU test messages (`nlu/data/test/*.yml`, Indonesian and English) as the
   messages users send, each with the language hint of its language.
2. Creates a throwaway database `jamsos_bench_<random>` on the PostgreSQL server of `--server`
   (default: TEST_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and
   migrates it; uses Redis database `--redis-db` (default 12) of `--redis`, flushed before
   each server start.
3. Starts a fake Telegram Bot API (`fake_bot_api.py`, its own process) on 127.0.0.1 for the
   Telegram replies, then, for each worker count of `--workers`, `jamsos serve --workers N`
   with REDIS_URL, DATABASE_URL, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and
   TELEGRAM_API_BASE_URL set (TELEGRAM_MESSAGES_PER_SECOND high: the fake has no limit).
   Cold start: from starting the process to the first 200 on GET /healthz.
4. Runs `load.py` in a separate process against it three times: the REST channel, the
   Telegram webhook (every update processed and its replies sent to the fake Bot API before
   the 200) and GET /healthz (the same server's no-op endpoint, for comparison); `--users`
   senders, `--concurrency` keep-alive connections, after `--warmup` untimed requests at
   most `--count` requests or `--duration` seconds each.
5. Reads the peak resident memory (VmHWM) of every server process, stops the server; at the
   end stops the fake, flushes the Redis database and drops the PostgreSQL one.

Targets on the 2-core machine (the load generator and PostgreSQL/Redis share it), for the
REST channel and the Telegram webhook: at least 1,000 messages per second with p99 at most
50 ms; every server process at most 250 MB resident; cold start at most 3 s. The benchmark
passes when one of the worker counts meets them all. Figures go to standard output and
`throughput/results.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from redis import Redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from backend.db import database_url, migrate  # noqa: E402
from nlu.language import detect_language  # noqa: E402
from nlu.training_data import load_training_data  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TOKEN = "123456:BENCH-token"
SECRET = "bench-" + secrets.token_hex(8)
MODES = ("rest", "telegram", "healthz")
TARGET_PER_SECOND = 1000.0
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 250.0
TARGET_COLD_START_S = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_messages(path: Path) -> list[dict[str, str]]:
    """The held-out test messages, each with the language it is written in."""
    return [
        {"text": example.text, "language": detect_language(example.text).language.value}
        for example in load_training_data(path).examples
    ]


def healthz_ok(port: int) -> bool:
    """One GET /healthz on a fresh connection: whether it answered 200."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n")
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def start_server(
    env: dict[str, str], port: int, workers: int, log: Path, access_log: list[str]
) -> tuple[Any, float]:
    """Start `jamsos serve`; return it and its cold start (seconds to the first 200)."""
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            *access_log,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )
    deadline = started + 60
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jamsos serve exited; see {log}")
        if healthz_ok(port):
            return server, time.perf_counter() - started
        time.sleep(0.01)
    server.terminate()
    raise RuntimeError("jamsos serve did not start within 60 s")


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.extend(process_tree(int(child)))
    return found


def peak_rss_mb(pid: int) -> float:
    """VmHWM of one process, in MB (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the server's processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def machine_ticks() -> tuple[int, int]:
    """The machine's CPU time so far, in clock ticks: all of it, and what the host stole.

    On a virtual machine the host may run other guests on our cores ("steal"); a run that
    lost a good share of its time that way measures the neighbours as much as the server.
    """
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    steal = fields[7] if len(fields) > 7 else 0
    return sum(fields[:8]), steal


def run_load(port: int, mode: str, messages: Path, args: argparse.Namespace) -> dict[str, Any]:
    load = subprocess.run(
        [
            sys.executable,
            str(HERE / "load.py"),
            "--port",
            str(port),
            "--mode",
            mode,
            "--messages",
            str(messages),
            "--secret",
            SECRET,
            "--users",
            str(args.users),
            "--count",
            str(args.count),
            "--warmup",
            str(args.warmup),
            "--concurrency",
            str(args.concurrency),
            "--duration",
            str(args.duration),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(load.stdout)
    return figures


def measure(
    workers: int, env: dict[str, str], messages: Path, args: argparse.Namespace, fake: str
) -> dict[str, Any]:
    """Start the server with `workers` workers, load it mode by mode, stop it."""
    Redis.from_url(env["REDIS_URL"]).flushdb()
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"jamsos-throughput-{port}.log"
    access_log = [] if args.access_log else ["--no-access-log"]
    server, cold_start = start_server(env, port, workers, log, access_log)
    result: dict[str, Any] = {"workers": workers, "cold_start_s": round(cold_start, 3)}
    try:
        for mode in args.modes:
            sent_before = httpx.get(f"{fake}/stats").json().get("sendMessage", 0)
            cpu_before = cpu_seconds(server.pid)
            ticks_before, stolen_before = machine_ticks()
            spy = profile(server.pid, workers, mode, args.py_spy) if args.py_spy else None
            figures = run_load(port, mode, messages, args)
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            used = cpu_seconds(server.pid) - cpu_before
            ticks, stolen = machine_ticks()
            figures["cpu_stolen_percent"] = round(
                100 * (stolen - stolen_before) / max(1, ticks - ticks_before), 1
            )
            figures["server_cpu_ms_per_request"] = round(
                1000 * used / max(1, figures["requests"] + args.warmup), 3
            )
            if mode == "telegram":
                sent = httpx.get(f"{fake}/stats").json().get("sendMessage", 0) - sent_before
                figures["bot_api_messages_sent"] = sent
            result[mode] = figures
            print(f"  {workers} worker(s), {mode}: {summary(figures)}", flush=True)
        rss = {str(pid): round(peak_rss_mb(pid), 1) for pid in process_tree(server.pid)}
        result["peak_rss_mb"] = rss
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    result["server_log_lines"] = len(lines)
    result["server_log_tail"] = lines[-5:]
    log.unlink(missing_ok=True)
    return result


def profile(pid: int, workers: int, mode: str, folder: Path) -> subprocess.Popen[bytes]:
    """Start py-spy sampling the server (its workers too) into `folder`, collapsed stacks."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("py-spy")),
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--format",
            "raw",
            "--rate",
            "200",
            "--output",
            str(folder / f"{workers}-workers-{mode}.txt"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summary(figures: dict[str, Any]) -> str:
    return (
        f"{figures['per_second']}/s ({figures['requests']} in {figures['seconds']} s), "
        f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms, "
        f"errors {figures['errors'] or 0}, server CPU "
        f"{figures['server_cpu_ms_per_request']} ms/request, "
        f"CPU stolen by the host {figures['cpu_stolen_percent']}%"
    )


def problems_of(result: dict[str, Any]) -> list[str]:
    """The targets this configuration misses."""
    problems = []
    for mode in ("rest", "telegram"):
        figures = result.get(mode)
        if figures is None:
            continue
        if figures["errors"]:
            problems.append(f"{mode}: errors {figures['errors']}")
        if figures["per_second"] < TARGET_PER_SECOND:
            problems.append(f"{mode}: {figures['per_second']}/s, below {TARGET_PER_SECOND:.0f}/s")
        if figures["p99_ms"] > TARGET_P99_MS:
            problems.append(f"{mode}: p99 {figures['p99_ms']} ms, above {TARGET_P99_MS:.0f} ms")
        if mode == "telegram" and figures["bot_api_messages_sent"] < figures["requests"]:
            problems.append("telegram: fewer replies sent than updates answered")
    largest = max(result["peak_rss_mb"].values())
    if largest > TARGET_RSS_MB:
        problems.append(f"a process peaked at {largest} MB, above {TARGET_RSS_MB:.0f} MB")
    if result["cold_start_s"] > TARGET_COLD_START_S:
        problems.append(f"cold start {result['cold_start_s']} s, above {TARGET_COLD_START_S} s")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description="Chat messages per second through the server.")
    parser.add_argument("--server", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_SERVER)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    parser.add_argument("--modes", default=",".join(MODES), help="rest,telegram,healthz")
    parser.add_argument("--count", type=int, default=20_000, help="timed requests, at most")
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds, at most")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--log-level", default="INFO", help="the server's LOG_LEVEL")
    parser.add_argument("--access-log", action="store_true", help="keep uvicorn's line per request")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--py-spy", type=Path, metavar="FOLDER", help="profile the server with py-spy (dev extra)"
    )
    args, _ = parser.parse_known_args()
    args.modes = [mode for mode in args.modes.split(",") if mode]

    # The model is trained once, outside any cold start.
    subprocess.run([sys.executable, "-m", "bot.cli", "nlu", "train", "--if-missing"], cwd=ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="jamsos-throughput-"))
    messages = workdir / "messages.json"
    texts = test_messages(ROOT / "nlu" / "data" / "test")
    messages.write_text(json.dumps(texts, ensure_ascii=False))

    server_url = database_url(args.server)
    name = f"jamsos_bench_{secrets.token_hex(5)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url: URL = server_url.set(database=name)
    redis_url = f"{args.redis.rstrip('/')}/{args.redis_db}"
    fake_port = free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    fake = subprocess.Popen(
        [sys.executable, str(HERE / "fake_bot_api.py"), "--port", str(fake_port), "--token", TOKEN],
        stdout=subprocess.PIPE,
        text=True,
    )
    results: list[dict[str, Any]] = []
    try:
        assert fake.stdout is not None
        if fake.stdout.readline().strip() != "ready":
            raise RuntimeError("the fake Bot API did not start")
        asyncio.run(migrate.upgrade(url))
        env = {
            **os.environ,
            "DATABASE_URL": url.render_as_string(hide_password=False),
            "REDIS_URL": redis_url,
            "LOG_LEVEL": args.log_level,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": fake_url,
            "TELEGRAM_MESSAGES_PER_SECOND": "1000000",
        }
        print(
            f"{len(texts)} test messages from {args.users} users, {args.concurrency} "
            f"connections; database {name}, Redis db {args.redis_db}",
            flush=True,
        )
        for workers in (int(w) for w in args.workers.split(",")):
            result = measure(workers, env, messages, args, fake_url)
            print(
                f"  {workers} worker(s): cold start {result['cold_start_s']} s, "
                f"peak RSS (MB) {result['peak_rss_mb']}",
                flush=True,
            )
            results.append(result)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
        Redis.from_url(redis_url).flushdb()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    for result in results:
        result["missed"] = problems_of(result)
    passing = [r["workers"] for r in results if not r["missed"]]
    load = os.getloadavg()
    args.results.write_text(
        json.dumps(
            {
                "configurations": results,
                "messages": len(texts),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average_after": [round(x, 2) for x in load],
                },
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            indent=2,
        )
        + "\n"
    )
    for result in results:
        for problem in result["missed"]:
            print(f"MISSED with {result['workers']} worker(s): {problem}")
    if passing:
        print(f"every target met with {', '.join(map(str, passing))} worker(s)")
    return 0 if passing else 1


if __name__ == "__main__":
    sys.exit(main())
