"""Failed officer logins, counted and locked: the one place that decides who may try to log in.

- A username (stripped, case-folded) with `max_failures` failed logins within `window` of the
  first is locked for `lock`;
- a client address (an IPv4 address, or the /64 network of an IPv6 one) with
  `max_failures_per_address` failed logins within `window` is locked for `lock`.

While either is locked every login is refused without looking at the password, the right one
included (otherwise guessing would go on), and is not counted; the refusal, `TooManyAttempts`,
is the same for usernames that exist and ones that don't. A successful login clears its
username's count; the address's count stays (an account of one's own must not let an address
guess on at others). After a lock the count starts again from nothing.

Counts and locks are `ExpiringKeys` (Redis or the database, see `backend.expiring`), shared by
every server process. Their keys hold digests, never a username or an address; a lock keeps
its end as its value, so the app's clock decides when it is over (the store's own expiry only
clears it away). Locks are logged at WARNING with the digest, never the username or password.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.errors import TooManyAttempts
from backend.expiring import ExpiringKeys
from backend.officers import auth

log = logging.getLogger(__name__)

Kind = Literal["user", "address"]
_PREFIX = "officer-login"


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """How many failed logins lock a username or an address, within how long, for how long."""

    max_failures: int = 5
    max_failures_per_address: int = 20
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)


def _digest(kind: Kind, value: str) -> str:
    return hashlib.sha256(f"{_PREFIX}|{kind}|{value}".encode()).hexdigest()[:32]


def username_digest(username: str) -> str:
    """The digest a username is counted (and logged) under: case and outer spaces ignored."""
    return _digest("user", username.strip().casefold())


def address_digest(address: str | None) -> str:
    """The digest a client address is counted (and logged) under.

    IPv6 addresses count by their /64 network (one machine usually holds a whole one), IPv4
    addresses written as IPv6 as IPv4; anything else (no address) as itself.
    """
    text = (address or "unknown").strip()
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return _digest("address", text[:100])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            text = str(ip.ipv4_mapped)
        else:
            text = str(ipaddress.IPv6Network((ip, 64), strict=False))
    else:
        text = str(ip)
    return _digest("address", text)


class LoginThrottle:
    """Failed logins counted per username and per address in `keys`, limited by `limits`."""

    def __init__(self, keys: ExpiringKeys, limits: LoginLimits | None = None) -> None:
        self._keys = keys
        self._limits = limits or LoginLimits()

    async def check(self, *, username: str, address: str | None, now: datetime) -> None:
        """Raise `TooManyAttempts` while the username or the address is locked.

        Raises:
            TooManyAttempts: locked; `retry_after` says for how much longer (the longer lock).
            StorageUnavailable: the keys could not be read.
        """
        waits = [
            await self._locked_for(kind, digest, now)
            for kind, digest in self._subjects(username, address)
        ]
        longest = max((wait for wait in waits if wait is not None), default=None)
        if longest is not None:
            raise TooManyAttempts(longest)

    async def failed(self, *, username: str, address: str | None, now: datetime) -> None:
        """Count a failed login; lock the username or the address that reaches its limit."""
        for kind, digest in self._subjects(username, address):
            count = await self._keys.incr(self._key("count", kind, digest), self._limits.window)
            limit = (
                self._limits.max_failures
                if kind == "user"
                else self._limits.max_failures_per_address
            )
            if count >= limit:
                await self._lock(kind, digest, count, now)

    async def succeeded(self, *, username: str) -> None:
        """Clear the username's count of failed logins."""
        key = self._key("count", "user", username_digest(username))
        await self._keys.put(key, self._limits.window, "0")

    async def _lock(self, kind: Kind, digest: str, count: int, now: datetime) -> None:
        until = now + self._limits.lock
        await self._keys.put(self._key("lock", kind, digest), self._limits.lock, until.isoformat())
        # The count starts again: after the lock, `max_failures` more tries.
        await self._keys.put(self._key("count", kind, digest), self._limits.window, "0")
        log.warning(
            "officer logins locked until %s: %s #%s had %d failed logins within %s",
            until.isoformat(timespec="seconds"),
            "username" if kind == "user" else "client address",
            digest[:12],
            count,
            self._limits.window,
        )

    async def _locked_for(self, kind: Kind, digest: str, now: datetime) -> timedelta | None:
        held = await self._keys.get(self._key("lock", kind, digest))
        if held is None:
            return None
        try:
            until = datetime.fromisoformat(held)
        except ValueError:
            return None
        return until - now if until > now else None

    @staticmethod
    def _subjects(username: str, address: str | None) -> list[tuple[Kind, str]]:
        return [("user", username_digest(username)), ("address", address_digest(address))]

    @staticmethod
    def _key(what: Literal["count", "lock"], kind: Kind, digest: str) -> str:
        return f"{_PREFIX}:{what}:{kind}:{digest}"


async def login(
    *,
    throttle: LoginThrottle,
    session: AsyncSession,
    username: str,
    password: str,
    address: str | None,
    now: datetime,
    ttl: timedelta,
) -> auth.IssuedToken | None:
    """`auth.login`, refused while the username or the address is locked, failures counted.

    A new token is committed in `session` before the count is cleared, and a failure's read
    transaction ended before it is counted: on SQLite the counts may be in the same file,
    written by another connection, which would wait for this one.

    Raises:
        TooManyAttempts: locked: the password was not even checked.
        StorageUnavailable: the counts could not be read or written.
    """
    await throttle.check(username=username, address=address, now=now)
    issued = await auth.login(
        session=session, username=username, password=password, now=now, ttl=ttl
    )
    if issued is None:
        await session.rollback()  # nothing was written
        await throttle.failed(username=username, address=address, now=now)
    else:
        await session.commit()
        await throttle.succeeded(username=username)
    return issued
