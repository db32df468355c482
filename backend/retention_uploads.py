"""The uploads side of `backend.retention`: files no claim holds, deleted after a period.

A file is deleted only after the database says no claim holds it: its note first (from then
on `FileUploadStore.stored` answers None, so no filing can take it), then the database is
asked again, then the file. A file that can't be deleted is logged and counted, and the
others go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from backend.db.claims import ClaimDocument
from backend.retention_rows import BATCH
from backend.services.base import Sessions

log = logging.getLogger(__name__)

_UPLOAD_NAME = re.compile(r"(?P<id>[0-9a-f]{32})(?P<rest>\..+)?")


@dataclass(frozen=True, slots=True)
class UploadsPurged:
    """Uploads deleted (the file and its note), and those that could not be."""

    deleted: int = 0
    failed: int = 0


@dataclass(slots=True)
class _Upload:
    """The files of one upload id: its note and its data (normally one file)."""

    note: Path | None = None
    data: list[Path] = field(default_factory=list)


def _scan(folder: Path) -> dict[str, _Upload]:
    """Group the folder's upload files by id; names that are not ours are left alone."""
    uploads: dict[str, _Upload] = {}
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return {}
    for path in entries:
        match = _UPLOAD_NAME.fullmatch(path.name)
        if match is None:
            continue
        upload = uploads.setdefault(match["id"], _Upload())
        if match["rest"] == ".json":
            upload.note = path
        else:
            upload.data.append(path)
    return uploads


def _stored_at(upload: _Upload) -> datetime | None:
    """When the upload came: its note's `stored_at`, else its newest file's time.

    None when neither can be read (the upload is then left alone).
    """
    if upload.note is not None:
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            note = json.loads(upload.note.read_bytes())
            moment = datetime.fromisoformat(note["stored_at"])
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
    times = []
    for path in [upload.note, *upload.data]:
        if path is not None:
            with contextlib.suppress(OSError):
                times.append(path.stat().st_mtime)
    return datetime.fromtimestamp(max(times), UTC) if times else None


def _old_uploads(folder: Path, cutoff: datetime) -> dict[str, _Upload]:
    return {
        file_id: upload
        for file_id, upload in _scan(folder).items()
        if (moment := _stored_at(upload)) is not None and moment < cutoff
    }


def _unlink(path: Path) -> bool:
    """Delete one file (one already gone counts as deleted); False if it can't be."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not delete upload file %s: %s", path.name, type(error).__name__)
        return False
    return True


async def _attached(sessions: Sessions, file_ids: Iterable[str], batch_size: int) -> set[str]:
    """Return which of these file ids a claim document holds."""
    ids = sorted(file_ids)
    held: set[str] = set()
    async with sessions() as session:
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            held.update(
                await session.scalars(
                    select(ClaimDocument.file_id).where(ClaimDocument.file_id.in_(chunk))
                )
            )
    return held


async def purge_uploads(
    *,
    sessions: Sessions,
    folder: Path,
    now: datetime,
    older_than: timedelta,
    batch_size: int = BATCH,
) -> UploadsPurged:
    """Delete the uploads no claim holds that came more than `older_than` ago.

    Each upload's note goes first (no filing can take the file after), then the database is
    asked again, then the file itself. A file that can't be deleted is counted in `failed`
    and the others go on; its upload is tried again by the next purge.
    """
    old = await asyncio.to_thread(_old_uploads, folder, now - older_than)
    if not old:
        return UploadsPurged()
    unattached = set(old) - await _attached(sessions, old, batch_size)
    failed = 0
    unnoted: list[str] = []
    for file_id in sorted(unattached):
        note = old[file_id].note
        if note is None or await asyncio.to_thread(_unlink, note):
            unnoted.append(file_id)
        else:
            failed += 1
    # A filing that read a note just before it went may have attached its file since.
    taken = await _attached(sessions, unnoted, batch_size)
    if taken:
        log.warning("%d uploads were attached to a claim while being purged: kept", len(taken))
    deleted = 0
    for file_id in unnoted:
        if file_id in taken:
            continue
        results = [await asyncio.to_thread(_unlink, path) for path in old[file_id].data]
        if all(results):
            deleted += 1
        else:
            failed += 1
    return UploadsPurged(deleted=deleted, failed=failed)


# --- all of them ------------------------------------------------------------------------
