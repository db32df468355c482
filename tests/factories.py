"""Plain functions that build test values."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from dialogues.messages import Incoming

_users = itertools.count(1)


def new_user() -> str:
    """Return a user id no other test uses."""
    return f"test-user-{next(_users)}"


def make_incoming(
    text: str, *, user_id: str = "u1", channel: str = "rest", hint: str | None = None
) -> Incoming:
    """Return an incoming message."""
    return Incoming(channel=channel, user_id=user_id, text=text, language_hint=hint)


class ManualClock:
    """A clock that moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """Return the current time."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.current += delta
