"""In-memory twins of the ports: the embedded default and the tests' stand-ins."""

from __future__ import annotations

from datetime import datetime, timedelta

from dialogues.ports import Clock, ConversationKey, SystemClock
from dialogues.state import Conversation


class InMemoryConversationStore:
    """Conversations in a dict of one process, each expiring `ttl` after its last save."""

    def __init__(self, ttl: timedelta = timedelta(days=7), clock: Clock | None = None) -> None:
        self._ttl = ttl
        self._clock = clock or SystemClock()
        self._items: dict[ConversationKey, tuple[Conversation, datetime]] = {}

    async def load(self, key: ConversationKey) -> Conversation | None:
        """Return the conversation unless it has expired."""
        item = self._items.get(key)
        if item is None:
            return None
        conversation, expires_at = item
        if expires_at <= self._clock.now():
            del self._items[key]
            return None
        return conversation

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        """Store the conversation for another `ttl`."""
        self._items[key] = (conversation, self._clock.now() + self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation."""
        self._items.pop(key, None)
