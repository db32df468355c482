"""Persistence: the tables (one module per feature), portable types, engine and sessions.

Every table module is imported here, so `Base.metadata` is complete once `backend.db` is:

- `participants`: participant, participant_program, contribution, jht_balance
- `claims`: claim, claim_document, claim_transition
- `links`: channel_link, link_attempt
- `officers`: officer, officer_token
- `outbox`: outbox_message
- `tickets`: ticket, ticket_message, human_handoff
- `channels`: expiring_key, unreachable_chat
- `whatsapp`: whatsapp_inbox, whatsapp_contact, whatsapp_message
- `reminders`: jkp_subscription, jkp_reminder, jkp_duty, reminder_send_rate

The schema is built by the migrations in `backend/migrations` (`backend.db.migrate`), never
by `create_all`.
"""

from __future__ import annotations

from backend.db import (
    channels,
    claims,
    links,
    officers,
    outbox,
    participants,
    reminders,
    tickets,
    whatsapp,
)
from backend.db.base import Base
from backend.db.engine import database_url, make_engine, make_sessionmaker

__all__ = [
    "Base",
    "channels",
    "claims",
    "database_url",
    "links",
    "make_engine",
    "make_sessionmaker",
    "officers",
    "outbox",
    "participants",
    "reminders",
    "tickets",
    "whatsapp",
]
