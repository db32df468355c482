"""The consumer: answers the events the webhook kept, and sends what waits to be sent.

One round (`run_once`):

1. Lease due inbox events (`Inbox.claim`: the oldest of each user) and process them, users
   side by side (at most `concurrency` at once):
   - a status → `Delivery.on_status` (a failure may hold the message and queue a template);
   - a message → the user's window opens and what was held for them is queued again
     (`note_inbound`), the message is marked read, the engine answers it (`MessageHandler`),
     and the answer is queued **in the same transaction** that marks the event processed,
     then sent. A crash before that commit leaves the event to be processed again; after
     it, the answer waits in `whatsapp_message` and is sent by the next `flush` or sweep.
2. Send every user's due queued messages (`Delivery.sweep`: retries, released messages).

`run` repeats rounds until stopped: at once when the webhook says it kept something
(`wake`), else every `poll_seconds`. Any number of processes may run it: leases keep each
event and each message to one of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import InboxEvent
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.delivery import REPLY, Delivery
from bot.whatsapp.errors import WhatsAppError
from bot.whatsapp.handler import MessageHandler
from bot.whatsapp.inbox import Inbox
from bot.whatsapp.payloads import MessageEvent, StatusEvent, from_record

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class Consumer:
    """Processes the inbox and sends the queue, in rounds."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        inbox: Inbox,
        delivery: Delivery,
        handler: MessageHandler,
        client: WhatsAppClient,
        batch_size: int = 20,
        concurrency: int = 8,
        poll_seconds: float = 1.0,
    ) -> None:
        self._sessions = sessions
        self._inbox = inbox
        self._delivery = delivery
        self._handler = handler
        self._client = client
        self._batch_size = batch_size
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Start the next round now (new events were kept)."""
        self._wake.set()

    async def run_once(self) -> int:
        """Process one batch of due events and send what is due; return the events taken."""
        events = await self._inbox.claim(self._batch_size)
        await asyncio.gather(*(self._guarded(event) for event in events))
        try:
            await self._delivery.sweep()
        except Exception:
            log.exception("sending the queued whatsapp messages failed")
        return len(events)

    async def run(self, stop: asyncio.Event) -> None:
        """Run rounds until `stop` is set."""
        while not stop.is_set():
            self._wake.clear()  # before the round: a wake during it starts the next at once
            try:
                taken = await self.run_once()
            except Exception:
                # The database may be away for a moment: wait a round, don't die.
                log.exception("whatsapp consumer round failed")
                taken = 0
            if taken >= self._batch_size:
                continue
            waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            await asyncio.wait(
                waits, timeout=self._poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
            for waiting in waits:
                waiting.cancel()

    async def _guarded(self, row: InboxEvent) -> None:
        async with self._slots:
            try:
                await self._process(row)
            except Exception as error:
                log.exception("whatsapp event %s failed", row.event_key)
                await self._inbox.retry_later(row, f"{type(error).__name__}: {error}")

    async def _process(self, row: InboxEvent) -> None:
        event = from_record(row.payload)
        if isinstance(event, StatusEvent):
            user = await self._delivery.on_status(event.status)
            async with self._sessions.begin() as session:
                await self._inbox.finish(session, row.id)
            if user is not None:
                await self._flush(user)
            return
        await self._answer(row, event)

    async def _answer(self, row: InboxEvent, event: MessageEvent) -> None:
        sent_at = event.sent_at() or row.received_at
        released = await self._delivery.note_inbound(event.wa_id, sent_at)
        try:
            await self._client.mark_read(event.message.id)
        except WhatsAppError as error:
            log.info("could not mark a whatsapp message read: %s", error)
        answer = await self._handler.answer(event, received_at=row.received_at, released=released)
        async with self._sessions.begin() as session:
            await self._delivery.enqueue(
                session,
                wa_id=event.wa_id,
                kind=REPLY,
                language=answer.language.value,
                messages=answer.messages,
            )
            await self._inbox.finish(session, row.id)
        await self._flush(event.wa_id)

    async def _flush(self, wa_id: str) -> None:
        try:
            await self._delivery.flush(wa_id)
        except Exception:
            # The answer is queued: the next sweep sends it.
            log.exception("sending to a whatsapp user failed; left for the next round")
