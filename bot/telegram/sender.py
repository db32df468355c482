"""The outbox worker's Telegram sender: a queued message to a user's private chat.

- A user marked unreachable (they blocked the bot) is not sent to: `SendError`, not
  retryable, so the row waits the worker's long backoff and goes out if they came back.
- 403 from Telegram (blocked, deactivated) marks the user unreachable (which ends their
  JKP reminders), not retryable.
- 429 is `SendError` with Telegram's `retry_after`: the worker reschedules the row for
  then, rather than this process sleeping (the bot is built with `max_retries=0`).
- Timeouts and network errors are retryable; a 400 (chat not found, ...) is not.

Telegram takes no idempotency key: a message sent just before a crash goes out again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from backend.delivery.senders import OutgoingMessage
from backend.errors import SendError
from backend.reachability import Reachability
from bot.telegram import CHANNEL
from bot.telegram.application import TelegramBot
from bot.telegram.render import render
from bot.telegram.send import retry_after, send_messages
from dialogues.messages import Reply


class TelegramSender:
    """Sends outbox messages through one bot (initialised on first use)."""

    def __init__(
        self, bot: TelegramBot, reachability: Reachability, clock: Callable[[], datetime]
    ) -> None:
        self._bot = bot
        self._reachability = reachability
        self._clock = clock
        self._ready = asyncio.Lock()
        self._initialised = False

    async def send(self, message: OutgoingMessage) -> None:
        """Send the text to the recipient's chat, or raise `SendError`."""
        if not message.recipient.lstrip("-").isdigit():
            raise SendError("not a Telegram chat id", retryable=False)
        if await self._reachability.unreachable(CHANNEL, message.recipient):
            raise SendError("the user blocked the bot", retryable=False)
        try:
            await self._initialise()
            await send_messages(self._bot, int(message.recipient), render(Reply(message.text)))
        except RetryAfter as error:
            raise SendError(
                "Telegram: too many requests", retry_after=retry_after(error)
            ) from error
        except Forbidden as error:
            await self._reachability.mark_unreachable(
                CHANNEL, message.recipient, reason=error.message, now=self._clock()
            )
            raise SendError(f"Telegram: {error.message}", retryable=False) from error
        except BadRequest as error:
            raise SendError(f"Telegram refused: {error.message}", retryable=False) from error
        except (NetworkError, TelegramError) as error:
            raise SendError(f"Telegram: {type(error).__name__}") from error

    async def aclose(self) -> None:
        """Close the bot's connections."""
        if self._initialised:
            await self._bot.shutdown()
            self._initialised = False

    async def _initialise(self) -> None:
        async with self._ready:
            if not self._initialised:
                await self._bot.initialize()
                self._initialised = True
