"""In-memory twins of the ports (`dialogues.ports`, `dialogues.services`): the tests' stand-ins.

The conversation store is also the embedded default; the services' twins hold their members,
claims, tickets and files in dicts of one process. This module holds the conversation store,
the uploads and card twins, and `in_memory_services`, which puts every twin together; the rest
are in `dialogues.memory_identity` (members, links, membership), `dialogues.memory_cases`
(claims, tickets) and `dialogues.memory_reminders` (JKP reminders).
"""

from __future__ import annotations

import secrets
import struct
import zlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from dialogues.memory_cases import InMemoryClaims, InMemoryTickets
from dialogues.memory_identity import InMemoryIdentity, InMemoryMembership, Member
from dialogues.memory_reminders import InMemoryReminders
from dialogues.messages import Attachment
from dialogues.ports import Clock, ConversationKey, SystemClock
from dialogues.rules.uploads import UploadProblem, check_upload
from dialogues.services import Services
from dialogues.services_identity import Person
from dialogues.state import Conversation


class InMemoryConversationStore:
    """Conversations in a dict of one process, each expiring `ttl` after its last save."""

    def __init__(self, ttl: timedelta = timedelta(days=7), clock: Clock | None = None) -> None:
        self._ttl = ttl
        self._clock = clock or SystemClock()
        self._items: dict[ConversationKey, tuple[Conversation, datetime]] = {}

    async def load(self, key: ConversationKey) -> Conversation | None:
        """Return the conversation unless it has expired."""
        item = self._items.get(key)
        if item is None:
            return None
        conversation, expires_at = item
        if expires_at <= self._clock.now():
            del self._items[key]
            return None
        return conversation

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        """Store the conversation for another `ttl`."""
        self._items[key] = (conversation, self._clock.now() + self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        """Forget the conversation."""
        self._items.pop(key, None)


class InMemoryUploads:
    """Uploaded files in a dict, checked by their bytes."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[tuple[str, str], Attachment, bytes]] = {}

    async def store(
        self, channel: str, user_id: str, data: bytes, *, name: str | None, now: datetime
    ) -> Attachment | UploadProblem:
        """Keep the file if it may be uploaded."""
        checked = check_upload(data)
        if isinstance(checked, UploadProblem):
            return checked
        attachment = Attachment(secrets.token_hex(16), checked.value, len(data), name)
        self.files[attachment.file_id] = ((channel, user_id), attachment, data)
        return attachment

    async def describe(self, channel: str, user_id: str, file_id: str) -> Attachment | None:
        """Return the user's own file."""
        found = self.files.get(file_id)
        return found[1] if found is not None and found[0] == (channel, user_id) else None


class PlainCardRenderer:
    """A stand-in card: a tiny valid PNG (the real one is drawn by `backend.services.cards`)."""

    def render(self, person: Person, *, issued: date) -> bytes:
        """Return a 1×1 white PNG."""

        def chunk(kind: bytes, body: bytes) -> bytes:
            crc = zlib.crc32(kind + body) & 0xFFFFFFFF
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
        pixels = zlib.compress(b"\x00\xff\xff\xff")
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b"")
        )


def in_memory_services(members: Sequence[Member] = ()) -> Services:
    """Return every service as an in-memory twin, over these members."""
    identity = InMemoryIdentity(members)
    return Services(
        identity=identity,
        claims=InMemoryClaims(identity),
        membership=InMemoryMembership(identity),
        tickets=InMemoryTickets(),
        uploads=InMemoryUploads(),
        cards=PlainCardRenderer(),
        reminders=InMemoryReminders(),
    )
