"""Who owns a chat (a human or the bot), read before every message without a database query.

The `human_handoff` rows in the database are the truth: while one exists for a chat user, an
officer owns the conversation and the bot stays silent (`backend.services.tickets`). The
engine asks before every message, so the answer must be cheap *and* exact: a bot that answers
a chat an officer has taken, or stays silent in one handed back, fails the worker.

`ChatOwners` is the port the ticket service asks; two implementations:

- `DatabaseOwners` asks the database every time (the embedded default, no Redis).
- `RedisOwners` keeps a *mark* per owned chat in Redis and reads it with one `MGET`. It is
  exact because it keeps one invariant: **a handoff row exists => its mark exists, or the
  `synced` key is missing.** Hence:

  - A mark is set *before* the transaction that writes the row commits (`claim`); if that
    transaction then fails, a mark is left without a row: harmless, see below.
  - No mark (and `synced` present): nobody owns the chat. No query.
  - A mark: the database decides (the message goes to the ticket anyway, a query either
    way). A mark without a row (handed back, or a failed take-over) is deleted there, only
    if it is still the mark that was read (a take-over setting a new one meanwhile keeps it).
  - `synced` missing (Redis restarted empty, or flushed): the database decides, and the marks
    are written again from the rows, then `synced` is set.

  Handing back deletes the row only; the next message deletes the mark. Redis must not evict
  these keys (they carry no TTL: `maxmemory-policy` `noeviction` or a `volatile-*` policy).
  When Redis can't be read the database decides; when a mark can't be set the take-over
  fails with `StorageUnavailable` (nothing is written).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.tickets import HumanHandoff
from backend.errors import StorageUnavailable

log = logging.getLogger(__name__)

Confirm = Callable[[], Awaitable[bool]]
"""Asks the database whether a human owns the chat."""

PREFIX = "jamsos:owner:"

# Delete the mark only if it is still the one read: a take-over may have set a new one.
_DELETE_IF_SAME = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class ChatOwners(Protocol):
    """Tells whether a human owns a chat; told before a human takes one."""

    async def claim(self, channel: str, user_id: str) -> None:
        """Note that a human is about to own the chat (before the row's transaction commits).

        Raises:
            StorageUnavailable: the note could not be written; the take-over must not go on.
        """
        ...

    async def owned(self, channel: str, user_id: str, confirm: Confirm) -> bool:
        """Tell whether a human owns the chat (`confirm` asks the database)."""
        ...


class DatabaseOwners:
    """Asks the database every time."""

    async def claim(self, channel: str, user_id: str) -> None:
        """Nothing to note: the row is the truth."""

    async def owned(self, channel: str, user_id: str, confirm: Confirm) -> bool:
        """Ask the database."""
        return await confirm()


class RedisOwners:
    """Marks in Redis, exact by the invariant of the module docstring."""

    def __init__(self, redis: Redis, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._redis = redis
        self._sessions = sessions
        self._delete_if_same = redis.register_script(_DELETE_IF_SAME)
        # The marks belong to one database: two deployments (or test runs) sharing a Redis
        # must not read each other's.
        url = sessions.kw["bind"].url.render_as_string(hide_password=True)
        self._prefix = f"{PREFIX}{hashlib.sha256(url.encode()).hexdigest()[:12]}:"
        self._synced = f"{self._prefix}synced"
        self._resyncing = asyncio.Lock()

    async def claim(self, channel: str, user_id: str) -> None:
        """Set the chat's mark (a new random value)."""
        try:
            await self._redis.set(self._key(channel, user_id), secrets.token_hex(8))
        except RedisError as error:
            raise StorageUnavailable(f"redis: {type(error).__name__}") from error

    async def owned(self, channel: str, user_id: str, confirm: Confirm) -> bool:
        """One MGET when nobody owns the chat; the database when there is a mark or no sync."""
        key = self._key(channel, user_id)
        try:
            mark, synced = await self._redis.mget(key, self._synced)
        except RedisError:
            log.warning("chat owners: Redis unreadable; asking the database", exc_info=True)
            return await confirm()
        if synced is not None and mark is None:
            return False
        owned = await confirm()
        try:
            if mark is not None and not owned:
                await self._delete_if_same(keys=[key], args=[mark])
            # One rebuild at a time per process: the messages meanwhile ask the database.
            if synced is None and not self._resyncing.locked():
                async with self._resyncing:
                    if await self._redis.get(self._synced) is None:  # not rebuilt meanwhile
                        await self.resync()
        except (RedisError, StorageUnavailable):
            log.warning("chat owners: marks not updated", exc_info=True)
        return owned

    async def resync(self) -> int:
        """Set a mark for every handoff row, then `synced`; return how many rows there are.

        Marks without rows are left for `owned` to delete (a mark too many costs a query).
        """
        try:
            async with self._sessions() as session:
                rows = (
                    await session.execute(
                        select(HumanHandoff.channel, HumanHandoff.channel_user_id)
                    )
                ).all()
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
        async with self._redis.pipeline(transaction=True) as pipe:
            for channel, user_id in rows:
                # NX: a mark set by a take-over going on now stays as it is.
                pipe.set(self._key(channel, user_id), secrets.token_hex(8), nx=True)
            pipe.set(self._synced, "1")
            await pipe.execute()
        log.info("chat owners: %d marks written from the handoff rows", len(rows))
        return len(rows)

    def _key(self, channel: str, user_id: str) -> str:
        return f"{self._prefix}{channel}:{user_id}"
