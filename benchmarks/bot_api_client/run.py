"""CPU per Bot API call through PTB: its default `HTTPXRequest` against our `AiohttpRequest`.

    python benchmarks/bot_api_client/run.py [--count 3000] [--rounds 3] [--concurrency 16]

A Telegram reply is one `sendMessage` through PTB's `ExtBot`, with the rate limiter `jamsos
serve` uses (its rate set out of the way). This sends `--count` messages, `--concurrency` at a
time, to the throughput benchmark's fake Bot API (`throughput/fake_bot_api.py`, its own
process) with each request class in turn, `--rounds` times alternating, and reports this
process's CPU time per call (what the server pays per reply) and the calls per second. The
figures go to `results.json` beside this file. No target: it shows what the choice of HTTP
client costs each Telegram reply.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from telegram import LinkPreviewOptions  # noqa: E402
from telegram.ext import ExtBot  # noqa: E402
from telegram.request import BaseRequest, HTTPXRequest  # noqa: E402

from bot.telegram.application import rate_limiter  # noqa: E402
from bot.telegram.request import AiohttpRequest  # noqa: E402

TOKEN = "123456:bench-token"
TEXT = (
    "<b>JHT</b> bisa dicairkan penuh setelah kepesertaan berakhir. Siapkan KTP, kartu peserta "
    "dan buku tabungan; ajukan lewat aplikasi JMO atau kantor cabang."
)
CLIENTS: dict[str, Callable[[], BaseRequest]] = {
    "httpx (PTB's default)": lambda: HTTPXRequest(connection_pool_size=256),
    "aiohttp (bot.telegram.request)": lambda: AiohttpRequest(),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def measure(request: BaseRequest, base_url: str, count: int, concurrency: int) -> Any:
    """Send `count` messages; return (CPU seconds per call, calls per second)."""
    bot: ExtBot[Any] = ExtBot(
        TOKEN, base_url=base_url, request=request, rate_limiter=rate_limiter(1e6, 2)
    )
    await bot.initialize()
    gate = asyncio.Semaphore(concurrency)
    no_preview = LinkPreviewOptions(is_disabled=True)

    async def send(number: int) -> None:
        async with gate:
            await bot.send_message(
                1000 + number % 200, TEXT, parse_mode="HTML", link_preview_options=no_preview
            )

    try:
        await asyncio.gather(*(send(number) for number in range(min(500, count))))  # warm-up
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(send(number) for number in range(count)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await bot.shutdown()
    return cpu / count, count / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    args, _ = parser.parse_known_args()

    import uvloop  # as under `jamsos serve`

    port = free_port()
    fake_api = HERE.parent / "throughput" / "fake_bot_api.py"
    fake = subprocess.Popen(
        [sys.executable, str(fake_api), "--port", str(port), "--token", TOKEN],
        stdout=subprocess.PIPE,
        text=True,
    )
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in CLIENTS}
    try:
        assert fake.stdout is not None and fake.stdout.readline().strip() == "ready"
        for _ in range(args.rounds):
            for name, make in CLIENTS.items():
                with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                    cpu, rate = runner.run(
                        measure(
                            make(), f"http://127.0.0.1:{port}/bot", args.count, args.concurrency
                        )
                    )
                runs[name].append({"cpu_ms_per_call": round(cpu * 1000, 3), "calls_per_s": rate})
                print(f"{name}: {cpu * 1000:.3f} ms of CPU per sendMessage, {rate:.0f} calls/s")
    finally:
        fake.kill()
        fake.wait()
    summary = {
        name: {
            "cpu_ms_per_call": [run["cpu_ms_per_call"] for run in found],
            "calls_per_s": [round(run["calls_per_s"]) for run in found],
        }
        for name, found in runs.items()
    }
    args.results.write_text(
        json.dumps(
            {"count": args.count, "concurrency": args.concurrency, "clients": summary}, indent=2
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
