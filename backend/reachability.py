"""Chat users a channel can't reach: they blocked the bot, so nothing more is sent to them.

A channel marks a user unreachable when the platform refuses a message for good (Telegram's
403 "bot was blocked by the user", or a `my_chat_member` update saying the bot was
blocked; WhatsApp's 131026 / 131050, blocked or stopped our messages), and reachable again
when the user comes back (unblocks, writes again). Senders ask before sending.

Marking a user unreachable also ends their JKP reminders on that channel at once
(`EndReason.BLOCKED`, the waiting reminders cancelled): a block or opt-out is a "stop" too.
Coming back does not turn them on again. `SqlReachability` keeps the mark in
`unreachable_chat` and ends the subscription in the same transaction;
`InMemoryReachability` is its twin for tests (ending the reminders of the in-memory service
it is given). Failures raise `StorageUnavailable`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.channels import UnreachableChat
from backend.errors import StorageUnavailable
from backend.reminders import store
from dialogues.reminders import EndReason, ReminderService

REASON_MAX = 200


class Reachability(Protocol):
    """Which chat users may be messaged."""

    async def unreachable(self, channel: str, user_id: str) -> bool:
        """Tell whether the user refused the bot (so nothing may be sent to them)."""
        ...

    async def mark_unreachable(
        self, channel: str, user_id: str, *, reason: str, now: datetime
    ) -> None:
        """Remember that the user can't be reached, and why; end their JKP reminders."""
        ...

    async def mark_reachable(self, channel: str, user_id: str) -> None:
        """Forget that the user couldn't be reached (they came back)."""
        ...


class InMemoryReachability:
    """Unreachable users in a dict of this process; `reminders`, when given, are ended."""

    def __init__(self, reminders: ReminderService | None = None) -> None:
        self.blocked: dict[tuple[str, str], str] = {}
        self._reminders = reminders

    async def unreachable(self, channel: str, user_id: str) -> bool:
        """Tell whether the user is marked unreachable."""
        return (channel, user_id) in self.blocked

    async def mark_unreachable(
        self, channel: str, user_id: str, *, reason: str, now: datetime
    ) -> None:
        """Mark the user unreachable and end their reminders."""
        self.blocked[(channel, user_id)] = reason
        if self._reminders is not None:
            await self._reminders.end(channel, user_id, EndReason.BLOCKED, now=now)

    async def mark_reachable(self, channel: str, user_id: str) -> None:
        """Forget the mark."""
        self.blocked.pop((channel, user_id), None)


class SqlReachability:
    """Unreachable users as rows of `unreachable_chat`."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def unreachable(self, channel: str, user_id: str) -> bool:
        """Tell whether the user has a row."""
        try:
            async with self._sessions() as session:
                found = await session.scalar(
                    select(UnreachableChat.channel).where(
                        UnreachableChat.channel == channel,
                        UnreachableChat.channel_user_id == user_id,
                    )
                )
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
        return found is not None

    async def mark_unreachable(
        self, channel: str, user_id: str, *, reason: str, now: datetime
    ) -> None:
        """Add the user's row (or keep the one there) and end their active subscription."""
        try:
            async with self._sessions.begin() as session:
                if await session.get(UnreachableChat, (channel, user_id)) is None:
                    session.add(
                        UnreachableChat(
                            channel=channel,
                            channel_user_id=user_id,
                            since=now.astimezone(UTC),
                            reason=reason[:REASON_MAX],
                        )
                    )
                await store.end_active(
                    session=session,
                    channel=channel,
                    user_id=user_id,
                    reason=EndReason.BLOCKED,
                    now=now,
                )
        except IntegrityError:
            # Marked meanwhile by another process, whose transaction ends the reminders too.
            return
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error

    async def mark_reachable(self, channel: str, user_id: str) -> None:
        """Delete the user's row, if any."""
        try:
            async with self._sessions.begin() as session:
                await session.execute(
                    delete(UnreachableChat).where(
                        UnreachableChat.channel == channel,
                        UnreachableChat.channel_user_id == user_id,
                    )
                )
        except (SQLAlchemyError, OSError) as error:
            raise StorageUnavailable(f"database: {type(error).__name__}") from error
