"""Keys that expire, shared by every process: "seen this update already", long button payloads,
officers' failed logins.

`ExpiringKeys` is the port; three implementations:

- `RedisExpiringKeys` (`SET NX PX`), when REDIS_URL is set;
- `SqlExpiringKeys` (the `expiring_key` table, `INSERT ... ON CONFLICT DO NOTHING`) otherwise,
  on PostgreSQL or SQLite;
- `InMemoryExpiringKeys`, one process only: tests and `jamsos chat`.

`add` is atomic: of two processes adding the same key at once, exactly one is told it added
it. That is how a redelivered Telegram update or WhatsApp message is recognised and answered
once. `incr` is atomic too: of many processes counting one key at once, each is told a
different count (that is how failed logins are counted, `backend.officers.throttle`). Failures
of Redis or the database raise `StorageUnavailable`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import Integer, Text, case, cast, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.channels import ExpiringKey
from backend.errors import StorageUnavailable

Clock = Callable[[], datetime]
KEY_MAX = 200
PURGE_EVERY = 500
"""The SQL store deletes every expired row once in this many adds."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ExpiringKeys(Protocol):
    """Keys held for a while, each with a short text value."""

    async def add(self, key: str, ttl: timedelta, value: str = "") -> bool:
        """Hold `key` (with `value`) for `ttl` unless it is held already; tell if it was added."""
        ...

    async def put(self, key: str, ttl: timedelta, value: str = "") -> None:
        """Hold `key` with `value` for `ttl` from now, whether it was held or not."""
        ...

    async def get(self, key: str) -> str | None:
        """Return the value of a held key, or None when absent or expired."""
        ...

    async def incr(self, key: str, ttl: timedelta) -> int:
        """Count one more on `key` and return the count.

        An absent or expired key starts at 1 and is held for `ttl` from now; a held one keeps
        its expiry (a fixed window from the first count). The value is the count as text, so a
        key `put` to "0" starts again from 1.
        """
        ...


class InMemoryExpiringKeys:
    """Keys in a dict of this process (expiring by `clock`)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or _utc_now
        self._keys: dict[str, tuple[str, datetime]] = {}
        self._adds = 0

    async def add(self, key: str, ttl: timedelta, value: str = "") -> bool:
        """Hold `key` unless held; tell whether it was added."""
        now = self._clock()
        self._adds += 1
        if self._adds % PURGE_EVERY == 0:
            self._keys = {k: v for k, v in self._keys.items() if v[1] > now}
        held = self._keys.get(key)
        if held is not None and held[1] > now:
            return False
        self._keys[key] = (value, now + ttl)
        return True

    async def put(self, key: str, ttl: timedelta, value: str = "") -> None:
        """Hold `key` with `value` for `ttl` from now."""
        self._keys[key] = (value, self._clock() + ttl)

    async def get(self, key: str) -> str | None:
        """Return the value of a held key, or None."""
        held = self._keys.get(key)
        if held is None or held[1] <= self._clock():
            return None
        return held[0]

    async def incr(self, key: str, ttl: timedelta) -> int:
        """Count one more on `key` (from 1 when absent or expired)."""
        now = self._clock()
        held = self._keys.get(key)
        if held is None or held[1] <= now:
            count, expires_at = 1, now + ttl
        else:
            count, expires_at = int(held[0] or 0) + 1, held[1]
        self._keys[key] = (str(count), expires_at)
        return count


class RedisExpiringKeys:
    """Each key is a Redis string `<prefix><key>` with its time to live."""

    def __init__(self, client: Redis, *, prefix: str = "jamsos:key:") -> None:
        self._client = client
        self._prefix = prefix

    async def add(self, key: str, ttl: timedelta, value: str = "") -> bool:
        """`SET NX PX`: added only when absent."""
        try:
            added = await self._client.set(self._prefix + key, value, nx=True, px=ttl)
        except RedisError as error:
            raise StorageUnavailable(f"redis: {type(error).__name__}") from error
        return bool(added)

    async def put(self, key: str, ttl: timedelta, value: str = "") -> None:
        """`SET PX`: held for `ttl` from now."""
        try:
            await self._client.set(self._prefix + key, value, px=ttl)
        except RedisError as error:
            raise StorageUnavailable(f"redis: {type(error).__name__}") from error

    async def get(self, key: str) -> str | None:
        """Return the value of a held key, or None."""
        try:
            raw = await self._client.get(self._prefix + key)
        except RedisError as error:
            raise StorageUnavailable(f"redis: {type(error).__name__}") from error
        if raw is None:
            return None
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    async def incr(self, key: str, ttl: timedelta) -> int:
        """`SET 0 NX PX` then `INCR`, in one `MULTI`: the expiry is set only by the first count.

        (`INCR` + `PEXPIRE NX` would do the same on Redis 7; this works on any Redis.)
        """
        name = self._prefix + key
        try:
            async with self._client.pipeline(transaction=True) as pipeline:
                pipeline.set(name, 0, nx=True, px=ttl)
                pipeline.incr(name)
                _, count = await pipeline.execute()
        except RedisError as error:
            raise StorageUnavailable(f"redis: {type(error).__name__}") from error
        return int(count)


class SqlExpiringKeys:
    """Keys as rows of `expiring_key`; an expired row is replaced by the next add of its key."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, clock: Clock | None = None
    ) -> None:
        self._sessions = sessions
        self._clock = clock or _utc_now
        self._adds = 0

    async def add(self, key: str, ttl: timedelta, value: str = "") -> bool:
        """Delete the key's expired row, then insert unless a row holds it."""
        if len(key) > KEY_MAX:
            raise ValueError(f"key longer than {KEY_MAX} characters")
        now = self._clock()
        self._adds += 1
        try:
            async with self._sessions.begin() as session:
                expired = ExpiringKey.expires_at <= now
                if self._adds % PURGE_EVERY == 0:
                    await session.execute(delete(ExpiringKey).where(expired))
                else:
                    await session.execute(
                        delete(ExpiringKey).where(ExpiringKey.key == key, expired)
                    )
                dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
                inserted = await session.scalar(
                    dialect.insert(ExpiringKey)
                    .values(key=key, value=value, expires_at=now + ttl)
                    .on_conflict_do_nothing(index_elements=[ExpiringKey.key])
                    .returning(ExpiringKey.key)
                )
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
        return inserted is not None

    async def put(self, key: str, ttl: timedelta, value: str = "") -> None:
        """Insert the key's row, or update it: held for `ttl` from now."""
        if len(key) > KEY_MAX:
            raise ValueError(f"key longer than {KEY_MAX} characters")
        expires_at = self._clock() + ttl
        try:
            async with self._sessions.begin() as session:
                dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
                statement = dialect.insert(ExpiringKey).values(
                    key=key, value=value, expires_at=expires_at
                )
                await session.execute(
                    statement.on_conflict_do_update(
                        index_elements=[ExpiringKey.key],
                        set_={"value": value, "expires_at": expires_at},
                    )
                )
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error

    async def get(self, key: str) -> str | None:
        """Return the value of a held key, or None."""
        try:
            async with self._sessions() as session:
                value: str | None = await session.scalar(
                    select(ExpiringKey.value).where(
                        ExpiringKey.key == key, ExpiringKey.expires_at > self._clock()
                    )
                )
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
        return value

    async def incr(self, key: str, ttl: timedelta) -> int:
        """One upsert: insert "1", or add one to the held row, or start an expired row again.

        `INSERT ... ON CONFLICT DO UPDATE` locks the row (PostgreSQL) or the file (SQLite):
        counts made at once are all kept, each told its own.
        """
        if len(key) > KEY_MAX:
            raise ValueError(f"key longer than {KEY_MAX} characters")
        now = self._clock()
        expired = ExpiringKey.expires_at <= now
        try:
            async with self._sessions.begin() as session:
                dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
                statement = dialect.insert(ExpiringKey).values(
                    key=key, value="1", expires_at=now + ttl
                )
                counted = statement.on_conflict_do_update(
                    index_elements=[ExpiringKey.key],
                    # Both expressions read the row as it was before this update.
                    set_={
                        "value": case(
                            (expired, "1"),
                            else_=cast(cast(ExpiringKey.value, Integer) + 1, Text),
                        ),
                        "expires_at": case(
                            (expired, statement.excluded.expires_at),
                            else_=ExpiringKey.expires_at,
                        ),
                    },
                ).returning(ExpiringKey.value)
                value = await session.scalar(counted)
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
        return int(value or 0)


def shared_keys(
    *,
    redis: Redis | None,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock | None = None,
) -> ExpiringKeys:
    """Return the keys every process shares: in Redis if configured, else in the database."""
    if redis is not None:
        return RedisExpiringKeys(redis)
    return SqlExpiringKeys(sessions, clock=clock)
