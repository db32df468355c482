"""JKP reminders due at once, sent by `jamsos worker` processes to a rate-limited fake Telegram.

    python benchmarks/reminders/run.py [--reminders 10000] [--rate 30] [--workers 2]
                                       [--overdrive 1.5] [--overdrive-reminders 2000]

1. Creates a throwaway database `jamsos_bench_<random>` on the PostgreSQL server of
   `--server` (default: TEST_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/
   postgres), migrates it (procrastinate's schema included), and adds `--reminders`
   Telegram subscriptions, each with one reminder due a minute ago (in a time zone where it
   is day now, so no quiet hours).
2. Starts the fake Telegram Bot API (`fake_telegram.py`, its own process on 127.0.0.1): it
   takes R messages a second (a token bucket of one second's worth) and answers 429 with
   Telegram's `retry_after` above it.
3. Starts `--workers` `jamsos worker` processes: procrastinate's queue on PostgreSQL, each
   reminder sent through the real Telegram sender (python-telegram-bot) at most once.
   Their shared rate is R (`REMINDER_MESSAGES_PER_SECOND={"telegram": R}`, Telegram's
   documented limit being known), kept together through the database.
4. Waits until every reminder reached the platform (or a deadline), then counts.

Figures: the rate achieved between the first and the last message the platform took, as a
share of R; duplicates (a chat that got its reminder more than once); losses (a reminder
that never arrived); the 429s the platform gave. A second, smaller run ("overdrive") sets
the workers' rate above R (`--overdrive` times R): the platform then answers 429s, which the
workers must wait out (`retry_after`, for every process) without losing or repeating a
message. Targets: at least 95% of R in the main run, 0 duplicates and 0 losses in both.
Figures go to standard output and `reminders/results.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from backend.db import database_url, make_engine, make_sessionmaker, migrate  # noqa: E402
from backend.db.reminders import JkpReminder, JkpSubscription  # noqa: E402
from backend.reminders.store import idempotency_key  # noqa: E402
from dialogues.reminders import ReminderState  # noqa: E402
from dialogues.rules.jkp_schedule import ReminderKind  # noqa: E402
from nlu import Language  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TOKEN = "123456:BENCH-token"
TARGET_SHARE = 0.95
FIRST_CHAT = 700_000_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def daytime_zone(now: datetime) -> str:
    """Return a fixed-offset zone where it is between 10:00 and 17:00 now."""
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
        if 10 <= now.astimezone(ZoneInfo(name)).hour <= 17:
            return name
    raise RuntimeError("no zone in daytime")


async def prepare(url: URL, count: int) -> None:
    """Migrate, then add `count` Telegram subscriptions with one reminder due each."""
    await migrate.upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    first = now.date() - timedelta(days=10)
    try:
        async with make_sessionmaker(engine).begin() as session:
            subscriptions = [
                JkpSubscription(
                    channel="telegram",
                    channel_user_id=str(FIRST_CHAT + i),
                    language=Language.ID if i % 2 else Language.EN,
                    timezone=zone,
                    preferred_hour=12,
                    dismissal_date=first - timedelta(days=5),
                    first_date=first,
                    state="active",
                    created_at=now,
                )
                for i in range(count)
            ]
            session.add_all(subscriptions)
            await session.flush()
            session.add_all(
                JkpReminder(
                    subscription_id=s.id,
                    channel="telegram",
                    recipient=s.channel_user_id,
                    month=2,
                    kind=ReminderKind.EARLY,
                    due_at=now - timedelta(minutes=1),
                    idempotency_key=idempotency_key("telegram", s.id, 2, "early"),
                    state=ReminderState.PENDING,
                    attempts=0,
                )
                for s in subscriptions
            )
    finally:
        await engine.dispose()


async def states(url: URL) -> dict[str, int]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(JkpReminder.state, func.count()).group_by(JkpReminder.state)
            )
            return {str(state): count for state, count in rows.all()}
    finally:
        await engine.dispose()


def start_workers(
    url: URL, api: str, rate: float, workers: int, concurrency: int, log: Path
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api,
        # python-telegram-bot's own limiter (per process) stays out of the way: the shared
        # rate of the reminders is the one measured.
        "TELEGRAM_MESSAGES_PER_SECOND": str(rate * 4),
        "REMINDER_MESSAGES_PER_SECOND": json.dumps({"telegram": rate}),
        "REMINDER_CONCURRENCY": str(concurrency),
        "REMINDER_SWEEP_SECONDS": "1",
        "REMINDER_POLL_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    processes = []
    for _ in range(workers):
        with log.open("ab") as errors:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot.cli", "worker"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                )
            )
    return processes


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Run:
    """The figures of one run."""

    name: str
    reminders: int
    platform_rate: float
    workers_rate: float
    workers: int
    concurrency: int
    delivered: int
    duplicates: int
    losses: int
    refused_429: int
    seconds_first_to_last: float
    achieved_per_second: float
    share_of_rate: float
    wall_seconds: float
    states: dict[str, int]


def run_once(
    server: URL,
    *,
    name: str,
    count: int,
    rate: float,
    workers_rate: float,
    workers: int,
    concurrency: int,
) -> Run:
    admin = create_engine(server, isolation_level="AUTOCOMMIT", hide_parameters=True)
    database = f"jamsos_bench_{secrets.token_hex(5)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = server.set(database=database)
    port = free_port()
    log = HERE / f"{name}-workers.log"
    log.unlink(missing_ok=True)
    fake = subprocess.Popen(
        [sys.executable, str(HERE / "fake_telegram.py"), "--port", str(port), "--rate", str(rate)]
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        asyncio.run(prepare(url, count))
        api = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=api, timeout=5) as client:
            deadline = time.monotonic() + 10
            while True:
                try:
                    client.get("/stats").raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            print(
                f"{name}: {count} reminders due, {workers} workers, platform {rate}/s", flush=True
            )
            started = time.monotonic()
            processes = start_workers(url, api, workers_rate, workers, concurrency, log)
            limit = started + count / rate * 2 + 90
            stats: dict[str, Any] = {}
            while time.monotonic() < limit:
                stats = client.get("/stats").json()
                if stats["chats"] >= count:
                    break
                if any(p.poll() is not None for p in processes):
                    raise RuntimeError(f"a worker died; see {log}")
                time.sleep(0.5)
            time.sleep(3)  # a message sent twice would arrive now
            stats = client.get("/stats").json()
            wall = time.monotonic() - started
        stop(processes)
        processes = []
        counted = asyncio.run(states(url))
    finally:
        stop(processes)
        fake.terminate()
        fake.wait(timeout=10)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
    span = (stats["last"] or 0) - (stats["first"] or 0)
    achieved = (stats["delivered"] - 1) / span if span > 0 else 0.0
    return Run(
        name=name,
        reminders=count,
        platform_rate=rate,
        workers_rate=workers_rate,
        workers=workers,
        concurrency=concurrency,
        delivered=stats["delivered"],
        duplicates=stats["duplicates"],
        losses=count - stats["chats"],
        refused_429=stats["refused_429"],
        seconds_first_to_last=round(span, 2),
        achieved_per_second=round(achieved, 2),
        share_of_rate=round(achieved / rate, 4),
        wall_seconds=round(wall, 1),
        states=counted,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="R: the platform's limit")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--overdrive", type=float, default=1.5, help="0 skips that run")
    parser.add_argument("--overdrive-reminders", type=int, default=2000)
    parser.add_argument("--server", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_SERVER)
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--skip-rasa", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args()
    server = database_url(args.server)

    runs = [
        run_once(
            server,
            name="main",
            count=args.reminders,
            rate=args.rate,
            workers_rate=args.rate,
            workers=args.workers,
            concurrency=args.concurrency,
        )
    ]
    if args.overdrive:
        runs.append(
            run_once(
                server,
                name="overdrive",
                count=args.overdrive_reminders,
                rate=args.rate,
                workers_rate=args.rate * args.overdrive,
                workers=args.workers,
                concurrency=args.concurrency,
            )
        )
    print()
    print(
        "| run | reminders | R | workers' rate | achieved/s | share of R | duplicates | "
        "losses | 429s | first to last (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run.name} | {run.reminders} | {run.platform_rate:g} | {run.workers_rate:g} | "
            f"{run.achieved_per_second:.1f} | {run.share_of_rate:.1%} | {run.duplicates} | "
            f"{run.losses} | {run.refused_429} | {run.seconds_first_to_last:.1f} |"
        )
    main_run = runs[0]
    checks = {
        f"share of R >= {TARGET_SHARE:.0%}": main_run.share_of_rate >= TARGET_SHARE,
        "no duplicates": all(r.duplicates == 0 for r in runs),
        "no losses": all(r.losses == 0 for r in runs),
        "every reminder marked sent": all(r.states.get("sent", 0) == r.reminders for r in runs),
    }
    print()
    for check, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {check}")
    args.results.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "system": platform.platform(),
                },
                "runs": [asdict(r) for r in runs],
                "checks": checks,
            },
            indent=2,
        )
        + "\n"
    )
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
