"""Failed officer logins locking the username or the address, for the API and the login page.

Each test logs in from an address of its own: the PostgreSQL database (and Redis) outlive a
test, and the address's count with them.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.app import create_app
from backend.config import Settings
from backend.expiring import ExpiringKeys, RedisExpiringKeys
from backend.officers.throttle import address_digest, username_digest
from bot.wiring import Runtime
from tests.backend.officers.factories import add_officer
from tests.factories import ManualClock

LOGIN = "/api/v1/officer/login"
LOCK = timedelta(minutes=15)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')

Client = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


def new_address() -> str:
    """An IPv4 address (of the documentation ranges' kind) no other test uses."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@pytest.fixture
def client(
    runtime: Runtime,
    sessions: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    settings: Settings,
) -> Client:
    """Opens an HTTP client of a new app (on the test's database and clock) from `address`."""

    @asynccontextmanager
    async def open_client(
        address: str, keys: ExpiringKeys | None = None
    ) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(
            engine=runtime.engine,
            parser=runtime.parser,
            sessions=sessions,
            clock=clock.now,
            settings=settings,
            keys=keys,
        )
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
            yield http

    return open_client


async def log_in(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await http.post(LOGIN, json={"username": username, "password": password})


async def fail(http: httpx.AsyncClient, username: str, times: int) -> None:
    for _ in range(times):
        answer = await log_in(http, username, "not the password")
        assert answer.status_code == 401, answer.text


async def test_the_sixth_login_is_refused_even_with_the_right_password_until_the_lock_ends(
    client: Client, sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    account = await add_officer(sessions)
    async with client(new_address()) as http:
        await fail(http, account.username, 5)
        refused = await log_in(http, account.username, account.password)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "900"
        assert refused.json() == {"detail": "too many failed logins: try again later"}
        clock.advance(LOCK - timedelta(seconds=30))
        still = await log_in(http, account.username.upper(), account.password)
        assert still.status_code == 429, "the username counts case-insensitively"
        assert still.headers["retry-after"] == "30"
        clock.advance(timedelta(seconds=30))
        assert (await log_in(http, account.username, account.password)).status_code == 200
        await fail(http, account.username, 4)
        assert (await log_in(http, account.username, account.password)).status_code == 200


async def test_a_successful_login_clears_the_count(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    async with client(new_address()) as http:
        await fail(http, account.username, 4)
        assert (await log_in(http, account.username, account.password)).status_code == 200
        await fail(http, account.username, 4)
        assert (await log_in(http, account.username, account.password)).status_code == 200


async def test_failures_are_counted_within_the_window_only(
    client: Client, sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    account = await add_officer(sessions)
    async with client(new_address()) as http:
        await fail(http, account.username, 4)
        clock.advance(LOCK)
        await fail(http, account.username, 4)
        assert (await log_in(http, account.username, account.password)).status_code == 200


async def test_an_address_guessing_at_many_usernames_is_locked_out(
    client: Client, sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    account = await add_officer(sessions)
    address = new_address()
    async with client(address) as http:
        for _ in range(10):
            await fail(http, f"guess-{secrets.token_hex(4)}", 2)
        refused = await log_in(http, account.username, account.password)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "900"
    async with client(new_address()) as elsewhere:
        answer = await log_in(elsewhere, account.username, account.password)
        assert answer.status_code == 200, "the username itself is not locked"
    clock.advance(LOCK)
    async with client(address) as http:
        assert (await log_in(http, account.username, account.password)).status_code == 200


async def test_a_locked_username_answers_the_same_whether_it_exists_or_not(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    answers = []
    unknown_username = f"nobody-{secrets.token_hex(4)}"
    for username, password in ((account.username, account.password), (unknown_username, "x")):
        async with client(new_address()) as http:
            await fail(http, username, 5)
            answers.append(await log_in(http, username, password))
    known, unknown = answers
    assert known.status_code == unknown.status_code == 429
    assert known.json() == unknown.json()
    assert known.headers["retry-after"] == unknown.headers["retry-after"]


async def test_a_lock_is_logged_without_the_username_or_password(
    client: Client,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    account = await add_officer(sessions)
    caplog.set_level(logging.WARNING, logger="backend.officers.throttle")
    async with client(new_address()) as http:
        await fail(http, account.username, 5)
    locks = [r for r in caplog.records if r.name == "backend.officers.throttle"]
    assert len(locks) == 1 and locks[0].levelno == logging.WARNING
    message = locks[0].getMessage()
    assert username_digest(account.username)[:12] in message
    assert account.username not in message and "not the password" not in message


async def test_apps_sharing_a_database_count_together(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    account = await add_officer(sessions)
    address = new_address()
    async with client(address) as first, client(address) as second:
        await fail(first, account.username, 3)
        await fail(second, account.username, 2)
        assert (await log_in(first, account.username, account.password)).status_code == 429
        assert (await log_in(second, account.username, account.password)).status_code == 429


@pytest.mark.redis
async def test_apps_sharing_redis_count_together(
    client: Client, sessions: async_sessionmaker[AsyncSession], redis_client: Redis
) -> None:
    account = await add_officer(sessions)
    address = new_address()
    prefix = f"jamsos:test:{secrets.token_hex(4)}:"
    async with (
        client(address, RedisExpiringKeys(redis_client, prefix=prefix)) as first,
        client(address, RedisExpiringKeys(redis_client, prefix=prefix)) as second,
    ):
        await fail(first, account.username, 3)
        await fail(second, account.username, 2)
        refused = await log_in(second, account.username, account.password)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "900"
        assert (await log_in(first, account.username, account.password)).status_code == 429
    assert await redis_client.keys(f"{prefix}*"), "the counts and locks are in Redis"
    async with client(new_address(), RedisExpiringKeys(redis_client, prefix=prefix)) as other:
        assert (await log_in(other, account.username, account.password)).status_code == 429


async def page_login(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    form = await http.get("/officer/login")
    token = CSRF.search(form.text)
    assert token is not None
    return await http.post(
        "/officer/login", data={"csrf": token.group(1), "username": username, "password": password}
    )


@pytest.mark.parametrize(
    ("language", "messages"),
    [
        ("id", ["Terlalu banyak percobaan masuk yang gagal.", "coba lagi dalam 15 menit."]),
        ("en", ["Too many failed logins.", "please try again in 15 minutes."]),
    ],
)
async def test_the_login_page_asks_politely_to_wait_in_its_language(
    client: Client,
    sessions: async_sessionmaker[AsyncSession],
    language: str,
    messages: list[str],
) -> None:
    account = await add_officer(sessions)
    async with client(new_address()) as http:
        http.cookies.set("lang", language)
        for _ in range(5):
            wrong = await page_login(http, account.username, "not the password")
            assert wrong.status_code == 401
        refused = await page_login(http, account.username, account.password)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "900"
    for message in messages:
        assert message in refused.text
    assert 'name="username"' in refused.text, "the form again, to try later"
    assert "jamsos_officer=" not in refused.headers.get("set-cookie", "")


def test_addresses_count_by_ipv4_address_and_ipv6_network() -> None:
    assert address_digest("2001:db8:1:2::1") == address_digest("2001:db8:1:2:ffff::9")
    assert address_digest("2001:db8:1:2::1") != address_digest("2001:db8:1:3::1")
    assert address_digest("::ffff:192.0.2.7") == address_digest("192.0.2.7")
    assert address_digest("192.0.2.7") != address_digest("192.0.2.8")
    assert address_digest(None) == address_digest("unknown")
    assert username_digest(" Officer-A ") == username_digest("officer-a")
