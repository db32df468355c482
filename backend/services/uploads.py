"""`UploadStore` on the file system: checked files kept outside any served folder.

Each file is written as `<folder>/<file id><extension>` (the id: 32 random hex characters, the
extension: the type its bytes show), readable by the server's user only, beside a JSON note
of who sent it, its type, size, SHA-256 and the name the user gave it. The folder
(`Settings.uploads_dir`, `.jamsos/uploads` by default) is served by no route; a file id is
checked to be exactly 32 hex characters before it touches a path, so no id reaches outside.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dialogues.errors import ServiceUnavailable
from dialogues.messages import Attachment
from dialogues.rules.uploads import FileType, UploadProblem, check_upload

_FILE_ID = re.compile(r"[0-9a-f]{32}")
NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A kept file as the claims service attaches it to a claim."""

    file_id: str
    content_type: str
    size: int
    sha256: str
    path: Path


class FileUploadStore:
    """Files in one private folder, each with a JSON note of its sender and type."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    async def store(
        self, channel: str, user_id: str, data: bytes, *, name: str | None, now: datetime
    ) -> Attachment | UploadProblem:
        """Check the bytes and size; keep the file under a random name."""
        checked = check_upload(data)
        if isinstance(checked, UploadProblem):
            return checked
        file_id = secrets.token_hex(16)
        note = {
            "channel": channel,
            "user_id": user_id,
            "content_type": checked.value,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "name": (name or "")[:NAME_MAX] or None,
            "file": f"{file_id}{checked.extension}",
            "stored_at": now.isoformat(),
        }
        try:
            await asyncio.to_thread(self._write, file_id, note, data)
        except OSError as error:
            raise ServiceUnavailable(f"uploads folder: {type(error).__name__}") from error
        return Attachment(file_id, checked.value, len(data), name[:NAME_MAX] if name else None)

    def _write(self, file_id: str, note: dict[str, Any], data: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path, content in (
            (self._folder / str(note["file"]), data),
            (self._folder / f"{file_id}.json", json.dumps(note).encode()),
        ):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)

    async def _note(self, channel: str, user_id: str, file_id: str) -> dict[str, Any] | None:
        if not _FILE_ID.fullmatch(file_id):
            return None
        path = self._folder / f"{file_id}.json"
        try:
            note: dict[str, Any] = json.loads(await asyncio.to_thread(path.read_bytes))
        except (OSError, ValueError):
            return None
        if note.get("channel") != channel or note.get("user_id") != user_id:
            return None
        return note

    async def describe(self, channel: str, user_id: str, file_id: str) -> Attachment | None:
        """Return a file this chat user sent (None for another user's, or an unknown id)."""
        note = await self._note(channel, user_id, file_id)
        if note is None or note.get("content_type") not in set(FileType):
            return None
        return Attachment(file_id, str(note["content_type"]), int(note["size"]), note.get("name"))

    async def stored(self, channel: str, user_id: str, file_id: str) -> StoredFile | None:
        """Return where this chat user's file is kept, with its hash, for a claim."""
        note = await self._note(channel, user_id, file_id)
        if note is None:
            return None
        return StoredFile(
            file_id=file_id,
            content_type=str(note["content_type"]),
            size=int(note["size"]),
            sha256=str(note["sha256"]),
            path=self._folder / str(note["file"]),
        )
