"""Claims filed per second through the API on PostgreSQL, with p50/p99 latency.

    python benchmarks/claims_api/run.py [--claims 2000] [--concurrency 16] [--duration 60]

1. Creates a throwaway database `jamsos_bench_<random>` on the PostgreSQL server of
   `--server` (default: TEST_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/
   postgres), migrates it, and adds the participants, their chat links (channel `bench`)
   and an officer account.
2. Starts `jamsos serve` on a free port of 127.0.0.1 against it (one uvicorn process).
3. Runs `load.py` in a separate process: `--concurrency` clients file one JHT claim each for
   the linked users through `POST /api/v1/officer/claims` (the same filing as the chat's:
   the decision made again, the bank account checked, the claim and its first audit row in
   one transaction), at most `--claims` claims or `--duration` seconds, after an untimed
   warm-up.
4. Checks every claim is in the database once, stops the server and drops the database.

Targets: at least 40 claims per second and p99 at most 800 ms with 16 clients on the 2-core
machine, where the server, PostgreSQL and the load generator share the two cores.
Figures go to standard output and `claims_api/results.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from backend.db import database_url, make_engine, make_sessionmaker, migrate  # noqa: E402
from backend.db.claims import Claim, ClaimTransition  # noqa: E402
from backend.db.links import ChannelLink  # noqa: E402
from backend.db.officers import OfficerRole  # noqa: E402
from backend.db.participants import (  # noqa: E402
    MembershipStatus,
    Participant,
    ParticipantProgram,
)
from backend.officers.auth import create_officer  # noqa: E402
from dialogues.rules.facts import Segment  # noqa: E402
from dialogues.rules.identity import Sex, make_nik  # noqa: E402
from nlu import Program  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TARGET_PER_SECOND = 40.0
TARGET_P99_MS = 800.0
PASSWORD = "bench-password-" + secrets.token_hex(8)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def prepare(url: URL, users: int) -> None:
    """Migrate, then add `users` participants linked to `bench-<i>` and the officer."""
    await migrate.upgrade(url)
    engine = make_engine(url)
    birth = date(1965, 1, 1)
    try:
        async with make_sessionmaker(engine).begin() as session:
            people = [
                Participant(
                    nik=make_nik(
                        region="330101", birth_date=birth, sex=Sex.MALE, serial=i % 9999 + 1
                    )[:12]
                    + f"{i:04d}",
                    kpj=f"9{i:010d}",
                    name=f"Bench Worker {i}",
                    birth_date=birth,
                    segment=Segment.PMI,
                    placement_country="HK",
                    membership_start=date(2015, 3, 1),
                    membership_status=MembershipStatus.ACTIVE,
                    programs=[
                        ParticipantProgram(program=p)
                        for p in (Program.JKK, Program.JKM, Program.JHT)
                    ],
                )
                for i in range(users)
            ]
            session.add_all(people)
            await session.flush()
            now = datetime.now(UTC)
            session.add_all(
                ChannelLink(
                    channel="bench",
                    channel_user_id=f"bench-{i}",
                    participant_id=p.id,
                    linked_at=now,
                )
                for i, p in enumerate(people)
            )
            await create_officer(
                session=session,
                username="bench",
                password=PASSWORD,
                role=OfficerRole.OFFICER,
                now=now,
            )
    finally:
        await engine.dispose()


async def stored(url: URL) -> tuple[int, int]:
    """Return how many claims and audit rows the database holds."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            claims = await session.scalar(select(func.count()).select_from(Claim))
            audits = await session.scalar(select(func.count()).select_from(ClaimTransition))
    finally:
        await engine.dispose()
    return claims or 0, audits or 0


def start_server(url: URL, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("jamsos serve exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("jamsos serve did not start within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description="Claims filed per second through the API.")
    parser.add_argument("--server", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_SERVER)
    parser.add_argument("--claims", type=int, default=2000, help="timed claims, at most")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, at most")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    args, _ = parser.parse_known_args()

    server_url = database_url(args.server)
    name = f"jamsos_bench_{secrets.token_hex(5)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.set(database=name)
    users = args.claims + args.warmup
    server = None
    try:
        print(f"preparing {users} linked participants in {name} ...", flush=True)
        asyncio.run(prepare(url, users))
        port = free_port()
        server = start_server(url, port)
        base = f"http://127.0.0.1:{port}"
        login = httpx.post(
            f"{base}/api/v1/officer/login", json={"username": "bench", "password": PASSWORD}
        )
        login.raise_for_status()
        print(f"filing claims with {args.concurrency} clients ...", flush=True)
        load = subprocess.run(
            [
                sys.executable,
                str(HERE / "load.py"),
                "--url",
                base,
                "--token",
                login.json()["access_token"],
                "--users",
                str(users),
                "--count",
                str(args.claims),
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
        figures = json.loads(load.stdout)
        claims, audits = asyncio.run(stored(url))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    expected = figures["filed"] + args.warmup
    results = {
        **figures,
        "claims_in_database": claims,
        "audit_rows": audits,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"claims filed through the API on PostgreSQL: {figures['claims_per_second']}/s "
        f"({figures['filed']} in {figures['seconds']} s, {args.concurrency} clients); "
        f"latency p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; errors {figures['errors']}"
    )
    problems = []
    if figures["errors"]:
        problems.append(f"errors: {figures['errors']}")
    if claims != expected or audits != expected:
        problems.append(f"{claims} claims and {audits} audit rows stored, {expected} expected")
    if figures["claims_per_second"] < TARGET_PER_SECOND:
        problems.append(f"below {TARGET_PER_SECOND}/s")
    if figures["p99_ms"] > TARGET_P99_MS:
        problems.append(f"p99 above {TARGET_P99_MS} ms")
    for problem in problems:
        print(f"MISSED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
