"""Officers, claims on a channel of their own, tickets: rows for the back-office tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.filing import create_claim
from backend.db.claims import Claim
from backend.db.links import ChannelLink
from backend.db.officers import OfficerRole
from backend.db.tickets import AuthorKind, Ticket, TicketKind, TicketMessage, TicketState
from backend.officers.auth import create_officer
from backend.references import TICKET_PREFIX, new_reference
from nlu import Language
from tests.backend.db.factories import ACCOUNT, NOW, add_participant, eligible_facts, new_user

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True, slots=True)
class Account:
    """An officer account made for a test."""

    username: str
    role: OfficerRole
    password: str = PASSWORD


def new_channel() -> str:
    """A channel name no other test uses: its claims and messages are the test's alone."""
    return "t" + secrets.token_hex(5)


async def add_officer(
    sessions: async_sessionmaker[AsyncSession], role: OfficerRole = OfficerRole.OFFICER
) -> Account:
    """Create an officer account with a random username."""
    account = Account(username=f"{role.value}-{secrets.token_hex(4)}", role=role)
    async with sessions.begin() as session:
        await create_officer(
            session=session,
            username=account.username,
            password=account.password,
            role=role,
            now=NOW,
        )
    return account


async def bearer(api: httpx.AsyncClient, account: Account) -> dict[str, str]:
    """Log in through the API; return the Authorization header."""
    answer = await api.post(
        "/api/v1/officer/login", json={"username": account.username, "password": account.password}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def claim_on(
    session: AsyncSession,
    channel: str,
    *,
    language: Language = Language.ID,
    now: datetime = NOW,
) -> Claim:
    """File an eligible JHT claim from a new user of `channel`."""
    participant = await add_participant(session)
    user = new_user()
    session.add(
        ChannelLink(
            channel=channel, channel_user_id=user, participant_id=participant.id, linked_at=now
        )
    )
    await session.flush()
    return await create_claim(
        session=session,
        participant_id=participant.id,
        facts=eligible_facts(),
        bank_account=ACCOUNT,
        channel=channel,
        channel_user_id=user,
        language=language,
        now=now,
    )


async def add_ticket(
    session: AsyncSession,
    channel: str,
    *,
    body: str = "Klaim saya belum cair, tolong dibantu",
    kind: TicketKind = TicketKind.HUMAN_AGENT,
    language: Language = Language.ID,
) -> Ticket:
    """Open a ticket with the worker's first message, as the chat side does."""
    ticket = Ticket(
        reference=new_reference(TICKET_PREFIX),
        kind=kind,
        state=TicketState.OPEN,
        channel=channel,
        channel_user_id=new_user(),
        language=language,
        created_at=NOW,
        messages=[TicketMessage(author_kind=AuthorKind.WORKER, body=body, created_at=NOW)],
    )
    session.add(ticket)
    await session.flush()
    return ticket
