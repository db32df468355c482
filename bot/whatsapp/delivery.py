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
sends one message twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import Contact, MessageState, OutboundMessage
from backend.reachability import Reachability
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.errors import Action, WhatsAppError
from bot.whatsapp.payloads import Status
from bot.whatsapp.render import Outgoing, send

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
WINDOW = timedelta(hours=24)
TEMPLATE = "template"
REPLY = "reply"
ERROR_MAX = 500
KEY_MAX = 200
_PROGRESS = {MessageState.SENT: 1, MessageState.DELIVERED: 2, MessageState.READ: 3}

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Templates:
    """Which approved template stands in for which kind of message, in which language code."""

    by_kind: Mapping[str, str] = field(default_factory=dict)
    default: str = "jamsos_message_waiting"
    languages: Mapping[str, str] = field(default_factory=lambda: {"id": "id", "en": "en"})

    def name_for(self, kind: str) -> str:
        """Return the template of the longest configured prefix of `kind`, else the default."""
        matches = [prefix for prefix in self.by_kind if kind.startswith(prefix)]
        return self.by_kind[max(matches, key=len)] if matches else self.default

    def message_for(self, kind: str, language: str) -> Outgoing:
        """Return the template message that asks the user to reply to see a held message."""
        return Outgoing(
            kind="template",
            template=self.name_for(kind),
            language=self.languages.get(language, language),
        )


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


def insert_for(session: AsyncSession) -> Any:
    """Return the `insert` of the session's dialect (both know ON CONFLICT DO NOTHING)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


class Delivery:
    """Queues, holds and sends the messages of WhatsApp users."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        client: WhatsAppClient,
        reachability: Reachability,
        templates: Templates,
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
        now = self._clock()
        added = 0
        insert = insert_for(session)
        for number, message in enumerate(messages):
            key = _bounded(f"{dedupe_key}#{number}") if dedupe_key is not None else None
            values = {
                "wa_id": wa_id,
                "kind": kind,
                "language": language,
                "body": message.model_dump(mode="json", exclude_defaults=True),
                "state": MessageState.QUEUED,
                "dedupe_key": key,
                "created_at": now,
                "updated_at": now,
                "attempts": 0,
                "next_attempt_at": now,
            }
            statement = insert(OutboundMessage).values(**values)
            if key is not None:
                statement = statement.on_conflict_do_nothing(
                    index_elements=[OutboundMessage.dedupe_key]
                )
            result = await session.execute(statement.returning(OutboundMessage.id))
            added += result.first() is not None
        return added

    async def note_inbound(self, wa_id: str, sent_at: datetime) -> int:
        """The user wrote: open their window, forget they were unreachable, queue what was
        held for them. Return how many held messages were queued again."""
        now = self._clock()
        moment = min(sent_at, now)
        await self._reachability.mark_reachable(CHANNEL, wa_id)
        async with self._sessions.begin() as session:
            contact = await session.get(Contact, wa_id, with_for_update=True)
            if contact is None:
                session.add(Contact(wa_id=wa_id, last_inbound_at=moment))
            elif contact.last_inbound_at is None or contact.last_inbound_at < moment:
                contact.last_inbound_at = moment
            released = await session.execute(
                update(OutboundMessage)
                .where(OutboundMessage.wa_id == wa_id, OutboundMessage.state == MessageState.HELD)
                .values(state=MessageState.QUEUED, next_attempt_at=now, updated_at=now)
                .execution_options(synchronize_session=False)
            )
        count: int = released.rowcount  # type: ignore[attr-defined]  # a CursorResult
        return count

    async def window_open(self, wa_id: str) -> bool:
        """Tell whether free-form messages may be sent to the user now."""
        async with self._sessions() as session:
            contact = await session.get(Contact, wa_id)
        return self._open(contact, self._clock())

    def _open(self, contact: Contact | None, now: datetime) -> bool:
        if contact is None or contact.last_inbound_at is None:
            return False
        return now < contact.last_inbound_at + WINDOW - self._margin

    # --- sending ----------------------------------------------------------------------

    async def flush(self, wa_id: str) -> int:
        """Send the user's due queued messages, oldest first; return how many went out.

        Stops at a message that must wait (rate limit, outage): the later ones wait too.
        """
        sent = 0
        while (row := await self._lease_next(wa_id)) is not None:
            outcome = await self._deliver(row)
            if outcome is None:
                return sent
            sent += outcome
        return sent

    async def sweep(self, limit: int = 50) -> int:
        """Flush every user with a due queued message (retries, releases); return how many
        messages went out."""
        now = self._clock()
        async with self._sessions() as session:
            users = (
                await session.scalars(
                    select(OutboundMessage.wa_id)
                    .where(
                        OutboundMessage.state == MessageState.QUEUED,
                        OutboundMessage.next_attempt_at <= now,
                    )
                    .group_by(OutboundMessage.wa_id)
                    .order_by(func.min(OutboundMessage.id))
                    .limit(limit)
                )
            ).all()
        sent = 0
        for wa_id in users:
            sent += await self.flush(wa_id)
        return sent

    async def _lease_next(self, wa_id: str) -> OutboundMessage | None:
        """Take the user's oldest queued message if it is due, leasing it to this process."""
        now = self._clock()
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(OutboundMessage)
                .where(OutboundMessage.wa_id == wa_id, OutboundMessage.state == MessageState.QUEUED)
                .order_by(OutboundMessage.id)
                .limit(1)
                .with_for_update()
            )
            if row is None or row.next_attempt_at > now:
                return None  # nothing queued, or the oldest waits (or is being sent elsewhere)
            leased = await session.execute(
                update(OutboundMessage)
                .where(
                    OutboundMessage.id == row.id,
                    OutboundMessage.state == MessageState.QUEUED,
                    OutboundMessage.next_attempt_at <= now,
                )
                .values(
                    next_attempt_at=now + self._retry.lease,
                    attempts=OutboundMessage.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if leased.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
                return None
            row.attempts += 1
            return row

    async def _deliver(self, row: OutboundMessage) -> int | None:
        """Send one leased row; return 1 if sent, 0 if held or failed, None if it waits."""
        now = self._clock()
        if row.kind != TEMPLATE:
            if await self._reachability.unreachable(CHANNEL, row.wa_id):
                await self._set(row, MessageState.HELD, note="the user is unreachable")
                return 0
            async with self._sessions() as session:
                contact = await session.get(Contact, row.wa_id)
            if not self._open(contact, now):
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
            await self._close_window(row.wa_id)
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
            contact = await session.get(Contact, row.wa_id, with_for_update=True)
            if contact is None:
                contact = Contact(wa_id=row.wa_id)
                session.add(contact)
            asked = contact.template_sent_at is not None and (
                contact.last_inbound_at is None
                or contact.template_sent_at > contact.last_inbound_at
            )
            if not asked:
                contact.template_sent_at = now
                await self.enqueue(
                    session,
                    wa_id=row.wa_id,
                    kind=TEMPLATE,
                    language=row.language,
                    messages=[self._templates.message_for(row.kind, row.language)],
                )
        await self._set(row, MessageState.HELD, error=error, note="outside the 24-hour window")

    async def _close_window(self, wa_id: str) -> None:
        """WhatsApp says the window is closed (131047): believe it over our own record; a
        new closed window begins, which gets its own template."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Contact)
                .where(Contact.wa_id == wa_id)
                .values(last_inbound_at=None, template_sent_at=None)
            )

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
        now = self._clock()
        values: dict[str, Any] = {"state": state, "updated_at": now, "wamid": wamid}
        if error is not None:
            values |= {"error_code": error.code, "last_error": str(error)[:ERROR_MAX]}
        elif note is not None:
            values["last_error"] = note[:ERROR_MAX]
        values["next_attempt_at"] = now + next_attempt if next_attempt is not None else now
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboundMessage)
                .where(OutboundMessage.id == row.id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    # --- statuses ---------------------------------------------------------------------

    async def on_status(self, status: Status) -> str | None:
        """Follow a status of one of our messages; return the user to flush, if any."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(OutboundMessage).where(OutboundMessage.wamid == status.id)
            )
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


def _bounded(key: str) -> str:
    """Return the key as it fits the column: a long one by its SHA-256."""
    if len(key) <= KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _state_of(status: str) -> MessageState | None:
    try:
        state = MessageState(status)
    except ValueError:
        return None
    return state if state in _PROGRESS else None
