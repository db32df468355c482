"""Retention (`backend.retention`): what is old and finished goes, what is young or needed stays.

Every test runs on SQLite and PostgreSQL. The PostgreSQL database is shared by the session,
so rows are looked up by their own ids (another test's old rows may be purged too) and
counts are exact on SQLite only.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend import retention, retention_rows, retention_uploads
from backend.config import Settings
from backend.db.base import Base
from backend.db.channels import ExpiringKey
from backend.db.claims import ClaimDocument
from backend.db.links import LinkAttempt
from backend.db.outbox import OutboxMessage
from backend.db.whatsapp import Contact, InboxEvent, MessageState, OutboundMessage
from backend.retention import PurgeCounts, RetentionPeriods
from backend.services.uploads import FileUploadStore
from dialogues.messages import Attachment
from nlu import Language
from tests.backend.db.factories import NOW, file_claim, new_user
from tests.factories import ManualClock

Sessions = async_sessionmaker[AsyncSession]
DAY = timedelta(days=1)
PDF = b"%PDF-1.4 a tiny test file"


def on_sqlite(sessions: Sessions) -> bool:
    """Whether the database is this test's own (exact counts hold)."""
    return sessions.kw["bind"].dialect.name == "sqlite"


def at_least(sessions: Sessions, count: int, expected: int) -> bool:
    """`count == expected` on the test's own SQLite file, `>=` on the shared PostgreSQL."""
    return count == expected if on_sqlite(sessions) else count >= expected


async def add(sessions: Sessions, *rows: Base) -> None:
    """Insert the rows in one transaction (their ids are set after)."""
    async with sessions.begin() as session:
        session.add_all(rows)


async def present(sessions: Sessions, model: type[Base], keys: Sequence[Any]) -> set[Any]:
    """Return which of `keys` (primary keys of `model`) are still in the table."""
    found = set()
    async with sessions() as session:
        for key in keys:
            if await session.get(model, key) is not None:
                found.add(key)
    return found


def inbox_event(*, received_at: datetime, processed_at: datetime | None) -> InboxEvent:
    """A webhook event of a new user, processed at `processed_at` (None: not yet)."""
    return InboxEvent(
        event_key=f"message:wamid.{secrets.token_hex(8)}",
        wa_id="62812" + str(secrets.randbelow(10**7)),
        payload={"kind": "message", "text": "nik saya 3174..."},
        received_at=received_at,
        processed_at=processed_at,
        attempts=1,
        next_attempt_at=received_at,
    )


def whatsapp_message(
    state: MessageState, *, updated_at: datetime, wa_id: str | None = None
) -> OutboundMessage:
    """A message to a user, in `state` since `updated_at`."""
    return OutboundMessage(
        wa_id=wa_id or "62813" + str(secrets.randbelow(10**7)),
        kind="reply",
        language="id",
        body={"kind": "text", "text": "halo"},
        state=state,
        created_at=updated_at - timedelta(minutes=1),
        updated_at=updated_at,
        attempts=1,
        next_attempt_at=updated_at,
    )


def outbox_message(*, created_at: datetime, sent_at: datetime | None) -> OutboxMessage:
    """An outbox message, sent at `sent_at` (None: still to send)."""
    return OutboxMessage(
        channel="telegram",
        recipient=new_user(),
        language=Language.ID,
        kind="claim.verifying",
        payload={"reference": "JHT-TEST"},
        dedupe_key=f"test:{secrets.token_hex(8)}",
        created_at=created_at,
        sent_at=sent_at,
        attempts=1 if sent_at else 0,
        next_attempt_at=created_at,
    )


def link_attempt(at: datetime) -> LinkAttempt:
    """A wrong try at linking by a new chat user."""
    return LinkAttempt(
        channel="telegram", channel_user_id=new_user(), succeeded=False, attempted_at=at
    )


def expiring_key(expires_at: datetime) -> ExpiringKey:
    """A key held until `expires_at`."""
    return ExpiringKey(key=f"test:{secrets.token_hex(8)}", value="", expires_at=expires_at)


async def upload(store: FileUploadStore, *, stored_at: datetime) -> str:
    """Store a small PDF as a new chat user's, as of `stored_at`; return its file id."""
    attachment = await store.store("telegram", new_user(), PDF, name="ktp.pdf", now=stored_at)
    assert isinstance(attachment, Attachment)
    return attachment.file_id


def files_of(folder: Path, file_id: str) -> set[str]:
    """The names of the folder's files of one upload."""
    return {path.name for path in folder.iterdir() if path.name.startswith(file_id)}


async def attach(sessions: Sessions, folder: Path, file_id: str) -> None:
    """File a claim that holds the upload as one of its documents."""
    async with sessions.begin() as session:
        claim, _ = await file_claim(session)
        session.add(
            ClaimDocument(
                claim_id=claim.id,
                kind="ktp",
                file_id=file_id,
                content_type="application/pdf",
                size=len(PDF),
                sha256="0" * 64,
                stored_path=str(folder / f"{file_id}.pdf"),
                uploaded_at=NOW,
            )
        )


# --- one kind at a time -----------------------------------------------------------------


async def test_processed_inbox_events_go_after_the_period_unprocessed_ones_never(
    sessions: Sessions,
) -> None:
    old = inbox_event(received_at=NOW - 9 * DAY, processed_at=NOW - 8 * DAY)
    young = inbox_event(received_at=NOW - 7 * DAY, processed_at=NOW - 6 * DAY)
    waiting = inbox_event(received_at=NOW - 60 * DAY, processed_at=None)
    await add(sessions, old, young, waiting)

    deleted = await retention_rows.purge_inbox(sessions=sessions, now=NOW, older_than=7 * DAY)

    assert at_least(sessions, deleted, 1)
    ids = [old.id, young.id, waiting.id]
    assert await present(sessions, InboxEvent, ids) == {young.id, waiting.id}


async def test_finished_whatsapp_messages_go_queued_and_held_ones_never(
    sessions: Sessions,
) -> None:
    old = NOW - 8 * DAY
    finished = [whatsapp_message(state, updated_at=old) for state in retention_rows.FINISHED]
    young = whatsapp_message(MessageState.READ, updated_at=NOW - 6 * DAY)
    sent_recently = whatsapp_message(MessageState.SENT, updated_at=old)
    sent_long_ago = whatsapp_message(MessageState.SENT, updated_at=NOW - 31 * DAY)
    held = whatsapp_message(MessageState.HELD, updated_at=NOW - 365 * DAY)
    queued = whatsapp_message(MessageState.QUEUED, updated_at=NOW - 365 * DAY)
    kept = [young, sent_recently, held, queued]
    await add(sessions, *finished, *kept, sent_long_ago)

    deleted = await retention_rows.purge_whatsapp_messages(
        sessions=sessions, now=NOW, older_than=7 * DAY
    )

    assert at_least(sessions, deleted, 4)
    ids = [row.id for row in [*finished, *kept, sent_long_ago]]
    # A message still `sent` is kept 30 days whatever the period: a late `failed` may come.
    assert await present(sessions, OutboundMessage, ids) == {row.id for row in kept}


async def test_silent_contacts_go_unless_something_waits_for_them(sessions: Sessions) -> None:
    old = NOW - 31 * DAY
    silent = Contact(
        wa_id="62814" + secrets.token_hex(4), last_inbound_at=old, template_sent_at=None
    )
    asked = Contact(
        wa_id="62815" + secrets.token_hex(4), last_inbound_at=None, template_sent_at=old
    )
    waited_for = Contact(
        wa_id="62816" + secrets.token_hex(4), last_inbound_at=old, template_sent_at=old
    )
    recent = Contact(wa_id="62817" + secrets.token_hex(4), last_inbound_at=NOW - DAY)
    held = whatsapp_message(MessageState.HELD, updated_at=old, wa_id=waited_for.wa_id)
    await add(sessions, silent, asked, waited_for, recent, held)

    deleted = await retention_rows.purge_whatsapp_contacts(
        sessions=sessions, now=NOW, older_than=30 * DAY
    )

    assert at_least(sessions, deleted, 2)
    keys = [silent.wa_id, asked.wa_id, waited_for.wa_id, recent.wa_id]
    assert await present(sessions, Contact, keys) == {waited_for.wa_id, recent.wa_id}


async def test_sent_outbox_messages_go_after_the_period_unsent_ones_never(
    sessions: Sessions,
) -> None:
    old = outbox_message(created_at=NOW - 32 * DAY, sent_at=NOW - 31 * DAY)
    young = outbox_message(created_at=NOW - 29 * DAY, sent_at=NOW - 29 * DAY)
    unsent = outbox_message(created_at=NOW - 365 * DAY, sent_at=None)
    await add(sessions, old, young, unsent)

    deleted = await retention_rows.purge_outbox(sessions=sessions, now=NOW, older_than=30 * DAY)

    assert at_least(sessions, deleted, 1)
    ids = [old.id, young.id, unsent.id]
    assert await present(sessions, OutboxMessage, ids) == {young.id, unsent.id}


async def test_link_attempts_go_after_the_period(sessions: Sessions) -> None:
    old, young = link_attempt(NOW - 31 * DAY), link_attempt(NOW - 10 * DAY)
    await add(sessions, old, young)

    deleted = await retention_rows.purge_link_attempts(
        sessions=sessions, now=NOW, older_than=30 * DAY
    )

    assert at_least(sessions, deleted, 1)
    assert await present(sessions, LinkAttempt, [old.id, young.id]) == {young.id}


async def test_expired_keys_go_held_ones_stay(sessions: Sessions) -> None:
    expired, held = expiring_key(NOW - timedelta(seconds=1)), expiring_key(NOW + DAY)
    await add(sessions, expired, held)

    deleted = await retention_rows.purge_expiring_keys(sessions=sessions, now=NOW)

    assert at_least(sessions, deleted, 1)
    assert await present(sessions, ExpiringKey, [expired.key, held.key]) == {held.key}


async def test_deleting_in_batches_deletes_every_row(sessions: Sessions) -> None:
    rows = [link_attempt(NOW - 40 * DAY) for _ in range(7)]
    await add(sessions, *rows)

    deleted = await retention_rows.purge_link_attempts(
        sessions=sessions, now=NOW, older_than=30 * DAY, batch_size=2
    )

    assert at_least(sessions, deleted, 7)
    assert await present(sessions, LinkAttempt, [row.id for row in rows]) == set()


async def test_unattached_uploads_go_after_the_period_attached_and_young_ones_stay(
    sessions: Sessions, tmp_path: Path
) -> None:
    store = FileUploadStore(tmp_path)
    abandoned = await upload(store, stored_at=NOW - 15 * DAY)
    attached = await upload(store, stored_at=NOW - 300 * DAY)
    in_progress = await upload(store, stored_at=NOW - 13 * DAY)
    await attach(sessions, tmp_path, attached)
    # A file whose note was never written (a crash between the two) goes by its own time.
    orphan = tmp_path / f"{secrets.token_hex(16)}.jpg"
    orphan.write_bytes(b"\xff\xd8\xff")
    old_seconds = (NOW - 20 * DAY).timestamp()
    os.utime(orphan, (old_seconds, old_seconds))
    stranger = tmp_path / "README.txt"
    stranger.write_text("not an upload")
    os.utime(stranger, (old_seconds, old_seconds))

    purged = await retention_uploads.purge_uploads(
        sessions=sessions, folder=tmp_path, now=NOW, older_than=14 * DAY
    )

    assert purged == retention_uploads.UploadsPurged(deleted=2, failed=0)
    assert files_of(tmp_path, abandoned) == set()
    assert not orphan.exists()
    assert files_of(tmp_path, attached) == {f"{attached}.pdf", f"{attached}.json"}
    assert files_of(tmp_path, in_progress) == {f"{in_progress}.pdf", f"{in_progress}.json"}
    assert stranger.exists()


async def test_a_file_that_cannot_be_deleted_does_not_stop_the_others(
    sessions: Sessions, tmp_path: Path
) -> None:
    store = FileUploadStore(tmp_path)
    first, stuck, last = [await upload(store, stored_at=NOW - 20 * DAY) for _ in range(3)]
    # A folder where the file should be: unlinking it fails (whoever runs the tests).
    (tmp_path / f"{stuck}.pdf").unlink()
    (tmp_path / f"{stuck}.pdf").mkdir()
    (tmp_path / f"{stuck}.pdf" / "inside").write_bytes(b"x")

    purged = await retention_uploads.purge_uploads(
        sessions=sessions, folder=tmp_path, now=NOW, older_than=14 * DAY
    )

    assert purged == retention_uploads.UploadsPurged(deleted=2, failed=1)
    assert files_of(tmp_path, first) == files_of(tmp_path, last) == set()
    assert files_of(tmp_path, stuck) == {f"{stuck}.pdf"}


async def test_a_missing_uploads_folder_is_nothing_to_purge(
    sessions: Sessions, tmp_path: Path
) -> None:
    purged = await retention_uploads.purge_uploads(
        sessions=sessions, folder=tmp_path / "never-made", now=NOW, older_than=DAY
    )

    assert purged == retention_uploads.UploadsPurged()


# --- all of them ------------------------------------------------------------------------


async def test_purge_deletes_each_kind_once_and_nothing_more_the_second_time(
    sessions: Sessions, tmp_path: Path
) -> None:
    store = FileUploadStore(tmp_path)
    old, young = NOW - 40 * DAY, NOW - DAY
    old_rows: list[Base] = [
        inbox_event(received_at=old, processed_at=old),
        whatsapp_message(MessageState.DELIVERED, updated_at=old),
        Contact(wa_id="62818" + secrets.token_hex(4), last_inbound_at=old),
        outbox_message(created_at=old, sent_at=old),
        link_attempt(old),
        expiring_key(old),
    ]
    young_rows: list[Base] = [
        inbox_event(received_at=young, processed_at=young),
        whatsapp_message(MessageState.DELIVERED, updated_at=young),
        outbox_message(created_at=young, sent_at=young),
        link_attempt(young),
    ]
    await add(sessions, *old_rows, *young_rows)
    abandoned = await upload(store, stored_at=old)
    kept = await upload(store, stored_at=young)

    first = await retention.purge(
        sessions=sessions, uploads_dir=tmp_path, now=NOW, periods=RetentionPeriods()
    )
    second = await retention.purge(
        sessions=sessions, uploads_dir=tmp_path, now=NOW, periods=RetentionPeriods()
    )

    assert first.failed_kinds == () and first.uploads_failed == 0
    assert all(at_least(sessions, count, 1) for count in first.deleted().values())
    assert first.uploads == 1
    assert second == PurgeCounts()
    for row in old_rows:
        assert await present(sessions, type(row), [_key(row)]) == set()
    for row in young_rows:
        assert await present(sessions, type(row), [_key(row)]) == {_key(row)}
    assert files_of(tmp_path, abandoned) == set()
    assert files_of(tmp_path, kept) == {f"{kept}.pdf", f"{kept}.json"}


def _key(row: Base) -> Any:
    identity = inspect(row).identity
    assert identity is not None
    return identity[0]


async def test_run_purges_until_stopped(sessions: Sessions, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, uploads_dir=tmp_path, retention_every_seconds=3600)
    clock = ManualClock(NOW)
    old = link_attempt(NOW - 31 * DAY)
    await add(sessions, old)
    stop = asyncio.Event()

    task = asyncio.create_task(
        retention.run(settings, sessions=sessions, stop=stop, clock=clock.now)
    )
    for _ in range(200):
        if not await present(sessions, LinkAttempt, [old.id]):
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=5)

    assert await present(sessions, LinkAttempt, [old.id]) == set()


# --- settings ---------------------------------------------------------------------------


def test_the_periods_come_from_the_settings() -> None:
    settings = Settings(
        _env_file=None,
        retention_inbox_days=8,
        retention_whatsapp_messages_days=9,
        retention_uploads_days=10,
        retention_outbox_days=11,
        retention_link_attempts_days=12,
    )

    assert RetentionPeriods.from_settings(settings) == RetentionPeriods(
        inbox=8 * DAY,
        whatsapp_messages=9 * DAY,
        uploads=10 * DAY,
        outbox=11 * DAY,
        link_attempts=12 * DAY,
    )
    assert RetentionPeriods.from_settings(Settings(_env_file=None)) == RetentionPeriods()


@pytest.mark.parametrize(
    "values",
    [
        {"retention_inbox_days": 6},  # WhatsApp may still redeliver
        {"retention_uploads_days": 3},  # shorter than a conversation lives
        {"retention_uploads_days": 10, "conversation_ttl_seconds": 11 * 24 * 3600},
        {"retention_outbox_days": 0},
    ],
)
def test_periods_that_would_lose_what_is_needed_are_refused(values: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **values)  # type: ignore[arg-type]
