"""The sender port: one per channel, taking a text to a chat user; and today's senders.

A sender gets the message's `idempotency_key` (the outbox row's dedupe key) and passes it on
wherever the channel can use one: delivery is at least once (a crash between sending and
marking the row sent sends it again), so the channel side is where a repeat can be dropped.

Telegram and WhatsApp senders (issue 5) implement `Sender` and are registered by channel
name in `SenderRegistry`; the worker only delivers rows of channels that have a sender, so
their rows wait in the outbox until then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, TextIO

import httpx

from backend.errors import SendError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A rendered message to one chat user of one channel."""

    channel: str
    recipient: str
    text: str
    idempotency_key: str
    kind: str
    language: str | None = None
    """The reply language the text is in (`id`, `en`): WhatsApp picks its template by it."""


class Sender(Protocol):
    """Takes messages to the users of one channel."""

    async def send(self, message: OutgoingMessage) -> None:
        """Deliver the message, or raise `SendError` (`retryable` when trying later may help)."""
        ...


class SenderRegistry(Mapping[str, Sender]):
    """The senders by channel name: `rest`, `console` today; `telegram`, `whatsapp` next."""

    def __init__(self, senders: Mapping[str, Sender] | None = None) -> None:
        self._senders: dict[str, Sender] = dict(senders or {})

    def register(self, channel: str, sender: Sender) -> None:
        """Deliver `channel`'s messages through `sender` (replacing any before it)."""
        self._senders[channel] = sender

    def __getitem__(self, channel: str) -> Sender:
        return self._senders[channel]

    def __iter__(self) -> Iterator[str]:
        return iter(self._senders)

    def __len__(self) -> int:
        return len(self._senders)


class RestCallbackSender:
    """POSTs to the integrator's callback URL, in the shape of Rasa's callback channel.

    Body: `{"recipient_id": ..., "text": ..., "custom": {"kind": ..., "idempotency_key": ...}}`,
    with the key also in an `Idempotency-Key` header. Connection errors, timeouts, 429 and 5xx
    are tried again here (`attempts` in all, waiting `backoff` seconds, doubled each time);
    if they still fail, or the callback answers another 4xx, `SendError` is raised and the
    worker keeps the row for later (a 4xx other than 408/429 as not retryable).
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        *,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._url = url
        self._attempts = attempts
        self._backoff = backoff
        self._sleep = sleep

    async def send(self, message: OutgoingMessage) -> None:
        """POST the message; retry transient failures a few times."""
        body = {
            "recipient_id": message.recipient,
            "text": message.text,
            "custom": {"kind": message.kind, "idempotency_key": message.idempotency_key},
        }
        headers = {"Idempotency-Key": message.idempotency_key}
        wait = self._backoff
        problem = "not sent"
        for attempt in range(1, self._attempts + 1):
            try:
                response = await self._client.post(self._url, json=body, headers=headers)
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__} calling the REST callback"
            else:
                if response.is_success:
                    return
                problem = f"REST callback answered {response.status_code}"
                if response.status_code < 500 and response.status_code not in (408, 429):
                    raise SendError(problem, retryable=False)
            if attempt < self._attempts:
                await self._sleep(wait)
                wait *= 2
        raise SendError(problem)


class ConsoleSender:
    """Writes messages for `jamsos chat` users to a stream (the worker's standard output).

    The terminal channel has no way to be reached from another process: this shows what the
    worker would have sent, for trying the back office locally.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    async def send(self, message: OutgoingMessage) -> None:
        """Write the message with its recipient."""
        self._stream.write(f"[to console:{message.recipient}] {message.text}\n")
        self._stream.flush()


class RecordingSender:
    """Keeps what it is given (for tests and dry runs); optionally fails on demand."""

    def __init__(self, fail: Callable[[OutgoingMessage], SendError | None] | None = None) -> None:
        self.sent: list[OutgoingMessage] = []
        self._fail = fail

    async def send(self, message: OutgoingMessage) -> None:
        """Record the message, or raise the error `fail` returns for it."""
        if self._fail is not None:
            error = self._fail(message)
            if error is not None:
                raise error
        self.sent.append(message)
