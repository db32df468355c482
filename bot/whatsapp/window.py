"""The 24-hour window of each WhatsApp user (`whatsapp_contact` rows), and the templates that
stand in for messages held outside it.

Free-form messages may go only within 24 hours of the user's last message (less a safety
margin); outside it, an approved template asks the user to reply, once per closed window. The
window's state and its SQL only: `bot.whatsapp.delivery` decides when a message is held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.whatsapp import Contact
from bot.whatsapp.render import Outgoing

WINDOW = timedelta(hours=24)


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


def is_open(contact: Contact | None, now: datetime, margin: timedelta) -> bool:
    """Tell whether the user wrote within the window, less `margin`, as of `now`."""
    if contact is None or contact.last_inbound_at is None:
        return False
    return now < contact.last_inbound_at + WINDOW - margin


async def contact_of(sessions: async_sessionmaker[AsyncSession], wa_id: str) -> Contact | None:
    """Return the user's contact row, if they have one."""
    async with sessions() as session:
        return await session.get(Contact, wa_id)


async def opened(session: AsyncSession, wa_id: str, moment: datetime) -> None:
    """The user wrote at `moment`: their window runs from then, unless a later message did."""
    contact = await session.get(Contact, wa_id, with_for_update=True)
    if contact is None:
        session.add(Contact(wa_id=wa_id, last_inbound_at=moment))
    elif contact.last_inbound_at is None or contact.last_inbound_at < moment:
        contact.last_inbound_at = moment


async def ask_once(session: AsyncSession, wa_id: str, now: datetime) -> bool:
    """Tell whether to queue a template now, recording it: not if one went since the user's
    last message."""
    contact = await session.get(Contact, wa_id, with_for_update=True)
    if contact is None:
        contact = Contact(wa_id=wa_id)
        session.add(contact)
    asked = contact.template_sent_at is not None and (
        contact.last_inbound_at is None or contact.template_sent_at > contact.last_inbound_at
    )
    if not asked:
        contact.template_sent_at = now
    return not asked


async def closed(sessions: async_sessionmaker[AsyncSession], wa_id: str) -> None:
    """WhatsApp says the window is closed (131047): believe it over our own record; a new
    closed window begins, which gets its own template."""
    async with sessions.begin() as session:
        await session.execute(
            update(Contact)
            .where(Contact.wa_id == wa_id)
            .values(last_inbound_at=None, template_sent_at=None)
        )
