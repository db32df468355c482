"""`jamsos worker`: the outbox sent at least once, deduplicated, retried, resumed after a crash."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.db.outbox import OutboxMessage
from backend.delivery.senders import (
    OutgoingMessage,
    RecordingSender,
    RestCallbackSender,
    SenderRegistry,
)
from backend.delivery.worker import RoundReport, WorkerOptions, deliver_due
from backend.errors import SendError
from backend.outbox import enqueue
from dialogues.i18n import Catalogs
from nlu import Language
from tests.backend.db.factories import NOW
from tests.backend.officers.factories import claim_on, new_channel
from tests.factories import ManualClock
from tests.servers import free_port, serve_in_thread

CATALOGS = Catalogs()


async def _no_sleep(seconds: float) -> None:
    return None


async def add_replies(
    sessions: async_sessionmaker[AsyncSession], channel: str, count: int
) -> list[str]:
    """Queue `count` ticket replies on `channel`; return their dedupe keys."""
    keys = [f"test:{channel}:{i}" for i in range(count)]
    async with sessions.begin() as session:
        for i, key in enumerate(keys):
            enqueue(
                session=session,
                channel=channel,
                recipient=f"user-{i % 7}",
                language=Language.ID if i % 2 else Language.EN,
                kind="ticket.reply",
                payload={"reference": "TKT-0000000" + str(i % 10), "body": f"reply {i}"},
                dedupe_key=key,
                now=NOW,
            )
    return keys


async def rows(sessions: async_sessionmaker[AsyncSession], channel: str) -> list[OutboxMessage]:
    async with sessions() as session:
        found = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == channel).order_by(OutboxMessage.id)
        )
        return list(found.all())


def deliver(
    sessions: async_sessionmaker[AsyncSession],
    senders: SenderRegistry,
    clock: ManualClock,
    batch_size: int = 20,
) -> Any:
    return deliver_due(
        sessions=sessions,
        senders=senders,
        catalogs=CATALOGS,
        clock=clock.now,
        options=WorkerOptions(batch_size=batch_size),
    )


async def test_a_claim_move_reaches_the_worker_once_in_their_language(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        claim = await claim_on(session, channel, language=Language.ID)
        await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("officer-a"),
            now=NOW,
        )
        await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.NEEDS_DOCUMENTS,
            actor=Actor.officer("officer-a"),
            now=NOW,
            note="foto KTP buram",
        )
    sender = RecordingSender()
    senders = SenderRegistry({channel: sender})
    clock.advance(timedelta(seconds=5))
    assert await deliver(sessions, senders, clock) == RoundReport(claimed=2, sent=2, failed=0)
    assert await deliver(sessions, senders, clock) == RoundReport(claimed=0, sent=0, failed=0)
    verifying, documents = sender.sent
    assert verifying.recipient == claim.channel_user_id
    assert verifying.idempotency_key == f"claim:{claim.reference}:v2"
    assert claim.reference in verifying.text and "JHT" in verifying.text
    assert "foto KTP buram" in documents.text and claim.reference in documents.text
    assert "Klaim" in documents.text  # Indonesian, the worker's language
    stored = await rows(sessions, channel)
    assert [(r.sent_at, r.attempts, r.last_error) for r in stored] == [(clock.now(), 1, None)] * 2


async def test_failures_are_retried_with_backoff(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    channel = new_channel()
    await add_replies(sessions, channel, 1)
    failures = [SendError("callback answered 503"), SendError("callback answered 503")]
    sender = RecordingSender(fail=lambda message: failures.pop() if failures else None)
    senders = SenderRegistry({channel: sender})
    assert await deliver(sessions, senders, clock) == RoundReport(1, 0, 1)
    [row] = await rows(sessions, channel)
    assert (row.attempts, row.next_attempt_at, row.sent_at) == (
        1,
        NOW + timedelta(seconds=30),
        None,
    )
    assert row.last_error == "callback answered 503"
    assert await deliver(sessions, senders, clock) == RoundReport(0, 0, 0)
    clock.advance(timedelta(seconds=30))
    assert await deliver(sessions, senders, clock) == RoundReport(1, 0, 1)
    [row] = await rows(sessions, channel)
    assert row.next_attempt_at == clock.now() + timedelta(seconds=60)
    clock.advance(timedelta(seconds=60))
    assert await deliver(sessions, senders, clock) == RoundReport(1, 1, 0)
    [row] = await rows(sessions, channel)
    assert (row.attempts, row.sent_at, row.last_error) == (3, clock.now(), None)
    assert len(sender.sent) == 1


async def test_unrenderable_and_refused_messages_wait_a_day_and_channels_without_sender_wait(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    channel, silent = new_channel(), new_channel()
    await add_replies(sessions, silent, 1)
    async with sessions.begin() as session:
        for kind, key in (("mystery", "a"), ("ticket.reply", "b")):
            enqueue(
                session=session,
                channel=channel,
                recipient="u",
                language=Language.EN,
                kind=kind,
                payload={"reference": "TKT-00000000", "body": "hi"},
                dedupe_key=f"{channel}:{key}",
                now=NOW,
            )
    sender = RecordingSender(
        fail=lambda message: SendError("callback answered 404", retryable=False)
    )
    assert await deliver(sessions, SenderRegistry({channel: sender}), clock) == RoundReport(2, 0, 2)
    for row in await rows(sessions, channel):
        assert row.next_attempt_at == NOW + timedelta(hours=24)
        assert row.last_error is not None and row.last_error.startswith("permanent: ")
    [waiting] = await rows(sessions, silent)
    assert (waiting.attempts, waiting.sent_at) == (0, None)


class Crash(BaseException):
    """The worker process dying (not an error any handler would catch)."""


class CrashingSender:
    """Delivers to `received`; dies at the `at`-th call, before or after delivering it."""

    def __init__(self, received: list[str], at: int, *, after_delivery: bool) -> None:
        self.received = received
        self.calls = 0
        self.at = at
        self.after_delivery = after_delivery

    async def send(self, message: OutgoingMessage) -> None:
        self.calls += 1
        if self.calls == self.at and not self.after_delivery:
            raise Crash
        self.received.append(message.idempotency_key)
        if self.calls == self.at:
            raise Crash


@pytest.mark.parametrize("after_delivery", [False, True], ids=["before-send", "after-send"])
async def test_a_crash_mid_batch_resumes_when_the_lease_ends(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock, after_delivery: bool
) -> None:
    channel = new_channel()
    keys = await add_replies(sessions, channel, 200)
    received: list[str] = []
    crashing = SenderRegistry(
        {channel: CrashingSender(received, 31, after_delivery=after_delivery)}
    )
    with pytest.raises(Crash):
        await deliver(sessions, crashing, clock, batch_size=50)
    assert len(received) == 30 + after_delivery
    healthy = SenderRegistry({channel: CrashingSender(received, 0, after_delivery=False)})
    while (await deliver(sessions, healthy, clock, batch_size=50)).claimed:
        pass
    # The 20 rows the dead worker had leased wait for its lease to end, then go out.
    assert len(received) == 180 + after_delivery
    clock.advance(WorkerOptions().lease)
    while (await deliver(sessions, healthy, clock, batch_size=50)).claimed:
        pass
    assert sorted(set(received)) == sorted(keys)
    # At least once: the message sent just before the crash, never marked, goes out again,
    # with the same idempotency key for the channel to drop.
    assert len(received) == 200 + after_delivery
    assert all(row.sent_at is not None for row in await rows(sessions, channel))


@contextmanager
def callback_server(
    answer: Callable[[int], int] = lambda n: 200, delay: float = 0.0
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A fake REST callback on 127.0.0.1 recording each request; `answer(n)` its status."""
    received: list[dict[str, Any]] = []
    lock = threading.Lock()
    app = FastAPI()

    @app.post("/callback")
    async def callback(request: Request) -> Response:
        body = await request.json()
        with lock:
            received.append({**body, "header": request.headers.get("idempotency-key")})
            n = len(received)
        if delay:
            await asyncio.sleep(delay)
        return Response(status_code=answer(n))

    with serve_in_thread(app) as base:
        yield f"{base}/callback", received


def message(key: str = "k1") -> OutgoingMessage:
    return OutgoingMessage(
        channel="rest", recipient="u1", text="Halo", idempotency_key=key, kind="ticket.reply"
    )


async def test_the_rest_sender_posts_rasas_callback_shape_with_an_idempotency_key() -> None:
    with callback_server() as (url, received):
        async with httpx.AsyncClient() as client:
            await RestCallbackSender(client, url).send(message())
    assert received == [
        {
            "recipient_id": "u1",
            "text": "Halo",
            "custom": {"kind": "ticket.reply", "idempotency_key": "k1"},
            "header": "k1",
        }
    ]


async def test_the_rest_sender_retries_transient_failures_and_gives_up_on_refusals() -> None:
    with callback_server(lambda n: 503 if n < 3 else 200) as (url, received):
        async with httpx.AsyncClient() as client:
            await RestCallbackSender(client, url, sleep=_no_sleep).send(message())
    assert len(received) == 3
    with callback_server(lambda n: 503) as (url, received):
        async with httpx.AsyncClient() as client:
            with pytest.raises(SendError) as failed:
                await RestCallbackSender(client, url, sleep=_no_sleep).send(message())
    assert failed.value.retryable and len(received) == 3
    with callback_server(lambda n: 400) as (url, received):
        async with httpx.AsyncClient() as client:
            with pytest.raises(SendError) as refused:
                await RestCallbackSender(client, url, sleep=_no_sleep).send(message())
    assert not refused.value.retryable and len(received) == 1
    async with httpx.AsyncClient() as client:
        nobody = f"http://127.0.0.1:{free_port()}/callback"
        with pytest.raises(SendError) as unreachable:
            await RestCallbackSender(client, nobody, sleep=_no_sleep).send(message())
    assert unreachable.value.retryable


@pytest.mark.postgres
async def test_two_workers_deliver_200_messages_each_exactly_once(
    postgres_sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    channel = new_channel()
    keys = await add_replies(postgres_sessions, channel, 200)
    with callback_server(delay=0.002) as (url, received):
        async with httpx.AsyncClient() as client:
            senders = SenderRegistry({channel: RestCallbackSender(client, url)})

            async def worker() -> int:
                sent = 0
                while (report := await deliver(postgres_sessions, senders, clock, 10)).claimed:
                    sent += report.sent
                return sent

            shares = await asyncio.gather(worker(), worker())
    assert sum(shares) == 200 and min(shares) > 0, shares
    delivered = [r["custom"]["idempotency_key"] for r in received]
    assert len(delivered) == 200 and sorted(delivered) == sorted(keys)
    assert all(
        row.sent_at is not None and row.attempts == 1
        for row in await rows(postgres_sessions, channel)
    )
