"""What is kept how long: `purge` deletes what no longer serves a purpose, `run` does it hourly.

Phone numbers, message text, NIK, KPJ, bank numbers and photos of ID cards pass through the
tables and the uploads folder below. Each kind is kept while something still needs it, then
for a period (a setting of `backend.config`) that covers the late events and questions it
may still answer, then deleted:

- **`whatsapp_inbox`** (webhook events: message text, the user's number): deleted once
  processed for `RETENTION_INBOX_DAYS` (default 7, no less allowed); unprocessed ones never.
  WhatsApp redelivers a webhook it got no 200 for during 7 days, and the row (its unique
  `event_key`) is what recognises a redelivery, so it outlives them; after that the answer
  has long been given and the payload serves nothing.
- **`whatsapp_message`** (messages out: rendered text, the number): delivered, read and failed
  ones deleted `RETENTION_WHATSAPP_MESSAGES_DAYS` (default 30) after their last change; ones
  still `sent` after 30 days at least whatever the setting; queued and held ones never (a
  held message waits for the user's reply, however long). WhatsApp tries to deliver a
  message for up to 30 days, so a `failed` status may come that late and must find its row
  (to hold it and send the template); a month also answers "I never got the message".
- **`whatsapp_contact`** (a number, when they last wrote, when they were sent a template):
  deleted when both moments are older than the same period and nothing is queued or held
  for them. The 24-hour window closed long ago; the row comes back with their next message
  (and a new closed window gets its template again).
- **`outbox_message`** (news to a worker: a claim reference, an officer's reply): deleted
  `RETENTION_OUTBOX_DAYS` (default 30) after it was sent; unsent ones never (the worker still
  tries them). A month answers "was I told?"; the claim's own history stays in
  `claim_transition`. The keys are versioned (`claim:<ref>:v<n>`, `ticket:<ref>:<key>`), so
  news deleted is never queued again.
- **`link_attempt`** (a chat id, whether the try matched; never the KPJ, NIK or birth date
  tried): deleted `RETENTION_LINK_ATTEMPTS_DAYS` (default 30) after the try. The lock reads
  the last 30 minutes only; a month shows an operator a chat that keeps guessing other
  people's identities.
- **`expiring_key`** (updates already seen, long button payloads): deleted once expired.
  `SqlExpiringKeys` deletes expired rows only as keys are added (all of them once in 500
  adds), so a quiet process would keep them.
- **uploads** (the files in `UPLOADS_DIR`, each with its JSON note): deleted when no
  `claim_document` holds the file and it came `RETENTION_UPLOADS_DAYS` ago (default 14, no
  less than `CONVERSATION_TTL_SECONDS`), by its note's `stored_at` (a file without its note:
  by the file's own time). A filing in progress holds its files by id in the conversation,
  forgotten after 7 idle days: twice that leaves an active filing room. Files sent in a
  ticket are shown to officers as a line of text and never served: unattached too. Files of
  filed claims stay as long as their claim.

Not purged here: claims, their documents (the files of filed claims) and transitions, tickets,
participants, links and JKP reminders: the records of the service itself, kept under BPJS
Ketenagakerjaan's own rules; conversations (expire in Redis or memory by
`CONVERSATION_TTL_SECONDS`); `unreachable_chat` (needed until the user writes again).

How it deletes, on PostgreSQL and SQLite alike: rows (`backend.retention_rows`) in batches
of `BATCH` rows, each its own short transaction, and every DELETE states its condition again
(a row that changed since it was chosen, a held message just released, stays). Any number of
workers may purge at once: deleting is idempotent. Files (`backend.retention_uploads`) go only
after the database says no claim holds them: the note first (then no filing can take the
file), the database asked again, then the file; one that can't be deleted is logged and
counted, the others go on. The logs say counts and random file ids, never a number or a name.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from backend.config import Settings
from backend.retention_rows import (
    BATCH,
    purge_expiring_keys,
    purge_inbox,
    purge_link_attempts,
    purge_outbox,
    purge_whatsapp_contacts,
    purge_whatsapp_messages,
)
from backend.retention_uploads import UploadsPurged, purge_uploads
from backend.services.base import Sessions

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class RetentionPeriods:
    """How long each kind is kept once nothing needs it any more."""

    inbox: timedelta = timedelta(days=7)
    whatsapp_messages: timedelta = timedelta(days=30)
    uploads: timedelta = timedelta(days=14)
    outbox: timedelta = timedelta(days=30)
    link_attempts: timedelta = timedelta(days=30)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPeriods:
        """Return the periods the settings name."""
        return cls(
            inbox=timedelta(days=settings.retention_inbox_days),
            whatsapp_messages=timedelta(days=settings.retention_whatsapp_messages_days),
            uploads=timedelta(days=settings.retention_uploads_days),
            outbox=timedelta(days=settings.retention_outbox_days),
            link_attempts=timedelta(days=settings.retention_link_attempts_days),
        )


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    """What one `purge` deleted, per kind; `failed_kinds` could not be purged this time."""

    inbox: int = 0
    whatsapp_messages: int = 0
    whatsapp_contacts: int = 0
    outbox: int = 0
    link_attempts: int = 0
    expiring_keys: int = 0
    uploads: int = 0
    uploads_failed: int = 0
    failed_kinds: tuple[str, ...] = field(default=())

    def deleted(self) -> dict[str, int]:
        """Return the counts by kind (without the failures)."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if item.name not in ("uploads_failed", "failed_kinds")
        }

    @property
    def total(self) -> int:
        """Everything deleted."""
        return sum(self.deleted().values())


async def purge(
    *,
    sessions: Sessions,
    uploads_dir: Path,
    now: datetime,
    periods: RetentionPeriods | None = None,
    batch_size: int = BATCH,
) -> PurgeCounts:
    """Delete every kind of data kept no longer (see the module's table); return the counts.

    A kind that fails (the database went away, the folder can't be read) is logged and named
    in `failed_kinds`; the other kinds are still purged.
    """
    periods = periods or RetentionPeriods()
    counts: dict[str, int] = {}
    failed_kinds: list[str] = []
    rows: dict[str, Callable[[], Awaitable[int]]] = {
        "inbox": lambda: purge_inbox(
            sessions=sessions, now=now, older_than=periods.inbox, batch_size=batch_size
        ),
        "whatsapp_messages": lambda: purge_whatsapp_messages(
            sessions=sessions,
            now=now,
            older_than=periods.whatsapp_messages,
            batch_size=batch_size,
        ),
        "whatsapp_contacts": lambda: purge_whatsapp_contacts(
            sessions=sessions,
            now=now,
            older_than=periods.whatsapp_messages,
            batch_size=batch_size,
        ),
        "outbox": lambda: purge_outbox(
            sessions=sessions, now=now, older_than=periods.outbox, batch_size=batch_size
        ),
        "link_attempts": lambda: purge_link_attempts(
            sessions=sessions, now=now, older_than=periods.link_attempts, batch_size=batch_size
        ),
        "expiring_keys": lambda: purge_expiring_keys(
            sessions=sessions, now=now, batch_size=batch_size
        ),
    }
    for kind, run_kind in rows.items():
        try:
            counts[kind] = await run_kind()
        except (SQLAlchemyError, OSError) as error:
            log.error("retention: purging %s failed: %s", kind, type(error).__name__)
            failed_kinds.append(kind)
    uploads = UploadsPurged()
    try:
        uploads = await purge_uploads(
            sessions=sessions,
            folder=uploads_dir,
            now=now,
            older_than=periods.uploads,
            batch_size=batch_size,
        )
    except (SQLAlchemyError, OSError) as error:
        log.error("retention: purging uploads failed: %s", type(error).__name__)
        failed_kinds.append("uploads")
    result = PurgeCounts(
        **counts,
        uploads=uploads.deleted,
        uploads_failed=uploads.failed,
        failed_kinds=tuple(failed_kinds),
    )
    if result.total or result.uploads_failed or result.failed_kinds:
        log.info(
            "retention: deleted %s; %d uploads could not be deleted; failed: %s",
            ", ".join(f"{count} {kind}" for kind, count in result.deleted().items()),
            result.uploads_failed,
            ", ".join(result.failed_kinds) or "none",
        )
    return result


def _utc_now() -> datetime:
    return datetime.now(UTC)


async def run(
    settings: Settings,
    *,
    sessions: Sessions,
    stop: asyncio.Event,
    clock: Clock | None = None,
) -> None:
    """Purge at once, then every `RETENTION_EVERY_SECONDS`, until `stop` is set.

    A round that fails is logged, and the next one comes at its time: the worker's other
    loops never stop because of it.
    """
    clock = clock or _utc_now
    periods = RetentionPeriods.from_settings(settings)
    while not stop.is_set():
        try:
            await purge(
                sessions=sessions,
                uploads_dir=settings.uploads_dir,
                now=clock(),
                periods=periods,
            )
        except Exception:
            log.exception("retention round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.retention_every_seconds)
