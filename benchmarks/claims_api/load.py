"""The load generator: files claims through `POST /api/v1/officer/claims` and times each.

Runs in its own process (started by run.py), so its work does not share the server's event
loop. `--concurrency` clients file claims for the linked users `bench-0 .. bench-(N-1)`,
each once, until `--count` are filed or `--duration` seconds pass; the first `--warmup`
requests are not timed. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import httpx


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (sorted), in the same unit."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(share * len(values) + 0.5)))
    return values[rank - 1]


def body(user: int) -> dict[str, object]:
    """The claim of linked user `user`: JHT at 56, a PMI who joined JHT."""
    return {
        "channel": "bench",
        "channel_user_id": f"bench-{user}",
        "language": "id" if user % 2 else "en",
        "submission_key": f"bench-claim-{user}",
        "facts": {
            "reason": "age_56",
            "birth_date": "1965-01-01",
            "segment": "PMI",
            "jht_opted_in": True,
        },
        "bank_name": "BRI",
        "bank_account_number": f"{1000000000 + user}",
        "bank_account_holder": f"Bench Worker {user}",
    }


async def main(args: argparse.Namespace) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {args.token}"}
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    next_user = 0
    latencies: list[float] = []
    errors: dict[str, int] = {}
    total = min(args.count + args.warmup, args.users)

    async with httpx.AsyncClient(
        base_url=args.url, headers=headers, limits=limits, timeout=30
    ) as client:

        async def client_loop(deadline: float, timed: bool, stop_at: int) -> None:
            nonlocal next_user
            while next_user < stop_at and time.perf_counter() < deadline:
                user = next_user
                next_user += 1
                started = time.perf_counter()
                try:
                    answer = await client.post("/api/v1/officer/claims", json=body(user))
                    status = str(answer.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - started
                if status != "201":
                    errors[status] = errors.get(status, 0) + 1
                elif timed:
                    latencies.append(elapsed)

        warm_deadline = time.perf_counter() + args.duration
        await asyncio.gather(
            *(client_loop(warm_deadline, False, args.warmup) for _ in range(args.concurrency))
        )
        started = time.perf_counter()
        deadline = started + args.duration
        await asyncio.gather(*(client_loop(deadline, True, total) for _ in range(args.concurrency)))
        seconds = time.perf_counter() - started

    latencies.sort()
    return {
        "filed": len(latencies),
        "errors": errors,
        "seconds": round(seconds, 3),
        "claims_per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "concurrency": args.concurrency,
        "warmup": args.warmup,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0)
    result = asyncio.run(main(parser.parse_args()))
    json.dump(result, sys.stdout)
    print()
