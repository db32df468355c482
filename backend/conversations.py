"""The conversation store on Redis: shared by every server process, forgetting idle users."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError

from dialogues.errors import StoreUnavailable
from dialogues.ports import ConversationKey
from dialogues.state import Conversation

logger = logging.getLogger(__name__)


class RedisConversationStore:
    """Each conversation is one JSON string under `jamsos:conversation:<channel>:<user>`."""

    def __init__(
        self, client: Redis, *, ttl: timedelta, prefix: str = "jamsos:conversation:"
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._prefix = prefix

    def _key(self, key: ConversationKey) -> str:
        return self._prefix + key.as_string()

    async def load(self, key: ConversationKey) -> Conversation | None:
        """Return the stored conversation, or None."""
        try:
            raw = await self._client.get(self._key(key))
        except RedisError as error:
            raise StoreUnavailable(str(error)) from error
        if raw is None:
            return None
        try:
            return Conversation.from_dict(json.loads(raw))
        except (ValueError, TypeError, KeyError):
            # A value written by an incompatible version: start afresh rather than fail.
            logger.warning("unreadable conversation state dropped for channel %s", key.channel)
            return None

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        """Store the conversation with a fresh time to live."""
        data = json.dumps(conversation.to_dict(), ensure_ascii=False, separators=(",", ":"))
        try:
            await self._client.set(self._key(key), data, ex=self._ttl)
        except RedisError as error:
            raise StoreUnavailable(str(error)) from error

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation."""
        try:
            await self._client.delete(self._key(key))
        except RedisError as error:
            raise StoreUnavailable(str(error)) from error
