"""The ports the dialogue engine needs from the outside world, as small Protocols.

Each has an in-memory twin in `dialogues.memory`; the real implementations live in
`backend` (Redis) and are wired together in `bot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from dialogues.state import Conversation


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Identifies one user's conversation on one channel."""

    channel: str
    user_id: str

    def as_string(self) -> str:
        """Return the key as one string, for key-value stores."""
        return f"{self.channel}:{self.user_id}"


class ConversationStore(Protocol):
    """Keeps each user's `Conversation` between messages, forgetting it after a while."""

    async def load(self, key: ConversationKey) -> Conversation | None:
        """Return the stored conversation, or None when there is none (or it expired)."""
        ...

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        """Store the conversation, restarting its time to live."""
        ...

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation."""
        ...


class Clock(Protocol):
    """Tells the time, so tests can control it."""

    def now(self) -> datetime:
        """Return the current time, aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)
