"""Messages to WhatsApp users: queued first, sent in order, held outside the 24-hour window.

Every message to a user (a reply, an outbox notice, a template) is a `whatsapp_message`
row before it is sent. `flush(wa_id)` sends a user's queued rows oldest first:

- **Outside the 24-hour window** (no message from the user in the last 24 hours, less a
  safety margin), or when WhatsApp answers 131047: the row is **held**, and the approved
  template for its kind (configuration: `Templates`) is queued in its language, once per
  closed window. When the user writes again, `note_inbound` opens the window and queues
  the held rows again, before the answer to what they wrote.
- **Rate limited** (130429, 131056, ...), an outage or a bad token: the row waits with
  exponential backoff, and the user's later rows wait behind it (order is kept).
- **Undeliverable** (131026: blocked, not on WhatsApp): the user is marked unreachable
  (`backend.reachability`, shared with Telegram); their rows are held, nothing is sent
  until they write again.
- Anything else WhatsApp refuses for good: the row is failed, the next one goes.

WhatsApp also reports failures later, as a `failed` status (`on_status`): they lead to the
same actions. A row is leased while it is being sent (`next_attempt_at` moved ahead), so
two processes never send the same row; at worst a crash between sending and recording
sends one message twice. This module decides what becomes of each row; the SQL is beside
it: the messages' in `bot.whatsapp.outbound`, the 24-hour window's (with `Templates`) in
`bot.whatsapp.window`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import MessageState, OutboundMessage
from backend.reachability import Reachability
from bot.whatsapp import outbound, window
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.errors import Action, WhatsAppError
from bot.whatsapp.payloads import Status
from bot.whatsapp.render import Outgoing, send

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
TEMPLATE = "template"
REPLY = "reply"
_PROGRESS = {MessageState.SENT: 1, MessageState.DELIVERED: 2, MessageState.READ: 3}

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Retry:
    """How often and how long a message that can't be sent now is tried again."""

    lease: timedelta = timedelta(minutes=2)
    base: timedelta = timedelta(seconds=30)
    most: timedelta = timedelta(hours=1)
    attempts: int = 12

    def wait(self, attempts: int) -> timedelta:
        """Return the pause after the `attempts`-th failed try."""
        growth: int = 2 ** max(attempts - 1, 0)
        return min(self.base * growth, self.most)


class Delivery:
    """Queues, holds and sends the messages of WhatsApp users."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        client: WhatsAppClient,
        reachability: Reachability,
        templates: window.Templates,
        clock: Clock,
        window_margin: timedelta = timedelta(minutes=10),
        retry: Retry | None = None,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._reachability = reachability
        self._templates = templates
        self._clock = clock
        self._margin = window_margin
        self._retry = retry or Retry()

    # --- queueing ---------------------------------------------------------------------

    async def enqueue(
        self,
        session: AsyncSession,
        *,
        wa_id: str,
        kind: str,
        language: str,
        messages: Sequence[Outgoing],
        dedupe_key: str | None = None,
    ) -> int:
        """Queue messages in the session's transaction; return how many were new.

        With `dedupe_key`, queueing the same messages again adds nothing (an outbox row
        delivered twice is sent once).
        """
        return await outbound.add(
            session,
            now=self._clock(),
            wa_id=wa_id,
            kind=kind,
            language=language,
            messages=messages,
            dedupe_key=dedupe_key,
        )

    async def note_inbound(self, wa_id: str, sent_at: datetime) -> int:
        """The user wrote: open their window, forget they were unreachable, queue what was
        held for them. Return how many held messages were queued again."""
        now = self._clock()
        moment = min(sent_at, now)
        await self._reachability.mark_reachable(CHANNEL, wa_id)
        async with self._sessions.begin() as session:
            await window.opened(session, wa_id, moment)
            return await outbound.release_held(session, wa_id, now=now)

    async def window_open(self, wa_id: str) -> bool:
        """Tell whether free-form messages may be sent to the user now."""
        contact = await window.contact_of(self._sessions, wa_id)
        return window.is_open(contact, self._clock(), self._margin)

    # --- sending ----------------------------------------------------------------------

    async def flush(self, wa_id: str) -> int:
        """Send the user's due queued messages, oldest first; return how many went out.

        Stops at a message that must wait (rate limit, outage): the later ones wait too.
        """
        sent = 0
        while (
            row := await outbound.lease_next(
                self._sessions, wa_id, now=self._clock(), lease=self._retry.lease
            )
        ) is not None:
            outcome = await self._deliver(row)
            if outcome is None:
                return sent
            sent += outcome
        return sent

    async def sweep(self, limit: int = 50) -> int:
        """Flush every user with a due queued message (retries, releases); return how many
        messages went out."""
        users = await outbound.due_users(self._sessions, now=self._clock(), limit=limit)
        sent = 0
        for wa_id in users:
            sent += await self.flush(wa_id)
        return sent

    async def _deliver(self, row: OutboundMessage) -> int | None:
        """Send one leased row; return 1 if sent, 0 if held or failed, None if it waits."""
        now = self._clock()
        if row.kind != TEMPLATE:
            if await self._reachability.unreachable(CHANNEL, row.wa_id):
                await self._set(row, MessageState.HELD, note="the user is unreachable")
                return 0
            contact = await window.contact_of(self._sessions, row.wa_id)
            if not window.is_open(contact, now, self._margin):
                await self._hold_for_template(row)
                return 0
        try:
            wamid = await send(self._client, row.wa_id, Outgoing.model_validate(row.body))
        except WhatsAppError as error:
            return await self._refused(row, error)
        except ValueError as error:
            # Our rendering broke one of WhatsApp's rules: sending it again can't help.
            log.error("whatsapp message %d can't be sent as rendered: %s", row.id, error)
            await self._set(row, MessageState.FAILED, note=str(error))
            return 0
        await self._set(row, MessageState.SENT, wamid=wamid)
        return 1

    async def _refused(self, row: OutboundMessage, error: WhatsAppError) -> int | None:
        action = error.action
        log.warning("whatsapp message %d (%s) refused: %s -> %s", row.id, row.kind, error, action)
        if action is Action.RETRY_LATER:
            if row.attempts >= self._retry.attempts:
                await self._set(row, MessageState.FAILED, error=error)
                return 0
            wait = self._retry.wait(row.attempts)
            await self._set(row, MessageState.QUEUED, error=error, next_attempt=wait)
            return None
        if action is Action.TEMPLATE_AND_HOLD and row.kind != TEMPLATE:
            await window.closed(self._sessions, row.wa_id)
            await self._hold_for_template(row, error=error)
            return 0
        if action is Action.MARK_UNREACHABLE:
            await self._reachability.mark_unreachable(
                CHANNEL, row.wa_id, reason=str(error), now=self._clock()
            )
            await self._set(row, MessageState.HELD, error=error)
            return 0
        await self._set(row, MessageState.FAILED, error=error)
        return 0

    async def _hold_for_template(
        self, row: OutboundMessage, *, error: WhatsAppError | None = None
    ) -> None:
        """Hold the row; queue the template of its kind unless one went since the user's
        last message."""
        now = self._clock()
        async with self._sessions.begin() as session:
            if await window.ask_once(session, row.wa_id, now):
                await self.enqueue(
                    session,
                    wa_id=row.wa_id,
                    kind=TEMPLATE,
                    language=row.language,
                    messages=[self._templates.message_for(row.kind, row.language)],
                )
        await self._set(row, MessageState.HELD, error=error, note="outside the 24-hour window")

    async def _set(
        self,
        row: OutboundMessage,
        state: MessageState,
        *,
        wamid: str | None = None,
        error: WhatsAppError | None = None,
        note: str | None = None,
        next_attempt: timedelta | None = None,
    ) -> None:
        await outbound.record(
            self._sessions,
            row,
            state,
            now=self._clock(),
            wamid=wamid,
            error=error,
            note=note,
            next_attempt=next_attempt,
        )

    # --- statuses ---------------------------------------------------------------------

    async def on_status(self, status: Status) -> str | None:
        """Follow a status of one of our messages; return the user to flush, if any."""
        row = await outbound.by_wamid(self._sessions, status.id)
        if row is None:
            return None  # not ours, or already sent again under a new id
        if status.status != "failed":
            reached = _state_of(status.status)
            if reached is not None and _PROGRESS.get(row.state, 0) < _PROGRESS[reached]:
                await self._set(row, reached, wamid=row.wamid)
            return None
        error = (
            WhatsAppError.from_dict(status.errors[0].as_error_dict())
            if status.errors
            else WhatsAppError("failed without a reason")
        )
        if error.action is Action.RETRY_LATER:
            await self._set(row, MessageState.QUEUED, error=error, next_attempt=self._retry.base)
        else:
            await self._refused(row, error)
        return row.wa_id


def _state_of(status: str) -> MessageState | None:
    try:
        state = MessageState(status)
    except ValueError:
        return None
    return state if state in _PROGRESS else None
