"""The Redis conversation store against the real server (required under CI=true)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from backend.conversations import RedisConversationStore
from dialogues.errors import StoreUnavailable
from dialogues.ports import ConversationKey
from dialogues.state import Conversation
from nlu import Language
from tests.conftest import ROOT, redis_url
from tests.factories import new_user
from tests.servers import free_port

pytestmark = pytest.mark.redis


async def test_round_trip_and_ttl(redis_client: Redis) -> None:
    store = RedisConversationStore(redis_client, ttl=timedelta(seconds=30), prefix="jamsos-test:")
    key = ConversationKey("rest", new_user())
    conversation = Conversation(
        flow="language",
        step="choosing",
        slots={"topic": {"intent": "program_info", "program": "JHT"}},
        language=Language.EN,
        last_message_at=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
    )
    await store.save(key, conversation)
    assert await store.load(key) == conversation
    ttl = await redis_client.ttl("jamsos-test:" + key.as_string())
    assert 0 < ttl <= 30
    await store.delete(key)
    assert await store.load(key) is None


async def test_unreadable_state_starts_afresh(redis_client: Redis) -> None:
    store = RedisConversationStore(redis_client, ttl=timedelta(seconds=30), prefix="jamsos-test:")
    key = ConversationKey("rest", new_user())
    await redis_client.set("jamsos-test:" + key.as_string(), b"{not json", ex=30)
    assert await store.load(key) is None


async def test_unreachable_server_is_reported_as_store_unavailable() -> None:
    client = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)
    store = RedisConversationStore(client, ttl=timedelta(seconds=30))
    with pytest.raises(StoreUnavailable):
        await store.load(ConversationKey("rest", "x"))
    await client.aclose()


@pytest.fixture
def two_servers(redis_client: Redis) -> Iterator[list[str]]:
    """Two `jamsos serve` processes sharing one Redis."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url(),
        "NLU_MODEL_DIR": str(ROOT / ".jamsos" / "nlu-model"),
    }
    ports = [free_port(), free_port()]
    jamsos = Path(sys.executable).parent / "jamsos"
    processes = [
        subprocess.Popen(
            [str(jamsos), "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        process.stderr.read().decode() if process.stderr else "exited"
                    )
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("jamsos serve did not start")
                time.sleep(0.1)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()


async def test_two_processes_continue_one_conversation(two_servers: list[str]) -> None:
    first, second = two_servers
    user = new_user()
    async with httpx.AsyncClient(timeout=10) as http:
        await http.post(
            first + "/webhooks/rest/webhook", json={"sender": user, "message": "english please"}
        )
        await http.post(
            first + "/webhooks/rest/webhook", json={"sender": user, "message": "what is JHT"}
        )
        response = await http.post(
            second + "/webhooks/rest/webhook", json={"sender": user, "message": "what about JKM?"}
        )
    text = response.json()[0]["text"]
    assert "PP 44/2015" in text
    assert "Source" in text
