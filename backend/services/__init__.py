"""The services of `dialogues.services` over the database and the file system.

`build_services` is what `bot.wiring` hands the engine: every call opens its own session from
the runtime's sessionmaker and commits (`base.unit_of_work`).
"""

from __future__ import annotations

from pathlib import Path

from backend.ownership import ChatOwners
from backend.services.base import Sessions
from backend.services.cards import PillowCardRenderer
from backend.services.claims import SqlClaims
from backend.services.identity import SqlIdentity
from backend.services.membership import SqlMembership
from backend.services.reminders import SqlReminders
from backend.services.tickets import SqlTickets
from backend.services.uploads import FileUploadStore
from dialogues.services import Services


def build_services(
    sessions: Sessions, *, uploads_dir: Path, owners: ChatOwners | None = None
) -> Services:
    """Return every service over these sessions, files kept in `uploads_dir`; `owners` tells
    the ticket service whether a human owns a chat (`backend.ownership`; the database when
    None)."""
    uploads = FileUploadStore(uploads_dir)
    return Services(
        identity=SqlIdentity(sessions),
        claims=SqlClaims(sessions, uploads),
        membership=SqlMembership(sessions),
        tickets=SqlTickets(sessions, owners),
        uploads=uploads,
        cards=PillowCardRenderer(),
        reminders=SqlReminders(sessions),
    )
