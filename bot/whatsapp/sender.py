"""The WhatsApp sender of `jamsos worker`: outbox messages (claim news, officers' replies).

The outbox row's text is queued as `whatsapp_message` rows under the row's dedupe key (a
second delivery of the same row queues nothing), then the user's queue is flushed: within
the 24-hour window the text goes out now; outside it the template of the row's kind goes
out in the row's language and the text waits for the user's reply (`delivery.py`). Once
queued the message is WhatsApp's to deliver, so `send` succeeds; only a failure to queue
raises `SendError`, for the worker to try again.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.delivery.senders import OutgoingMessage
from backend.errors import SendError
from bot.whatsapp.client import MAX_TEXT
from bot.whatsapp.delivery import Delivery
from bot.whatsapp.render import Outgoing, split_text
from nlu import Language

log = logging.getLogger(__name__)


class WhatsAppSender:
    """Takes outbox messages to WhatsApp users through the channel's queue."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], delivery: Delivery) -> None:
        self._sessions = sessions
        self._delivery = delivery

    async def send(self, message: OutgoingMessage) -> None:
        """Queue the message (once per idempotency key), then try to send it now."""
        parts = [Outgoing(kind="text", text=part) for part in split_text(message.text, MAX_TEXT)]
        language = message.language or Language.ID.value
        try:
            async with self._sessions.begin() as session:
                await self._delivery.enqueue(
                    session,
                    wa_id=message.recipient,
                    kind=message.kind,
                    language=language,
                    messages=parts,
                    dedupe_key=f"outbox:{message.idempotency_key}",
                )
        except SQLAlchemyError as error:
            raise SendError(f"could not queue for WhatsApp: {type(error).__name__}") from error
        try:
            await self._delivery.flush(message.recipient)
        except Exception:
            # Queued all the same: the WhatsApp consumer's sweep sends it.
            log.exception("sending an outbox message on WhatsApp failed; it stays queued")
