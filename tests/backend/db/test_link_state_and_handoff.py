"""What a personal request and a hand-off read and write (SQLite, then PostgreSQL).

The link state comes from one transaction; a ticket names the linked participant; a hand-off
leaves a chat already owned as it is, and goes on without the owner mark only for such a chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.tickets import HumanHandoff, Ticket, TicketMessage
from backend.errors import StorageUnavailable
from backend.ownership import Confirm
from backend.services import build_services
from backend.services.tickets import SqlTickets
from dialogues.errors import ServiceUnavailable
from dialogues.services import Services
from dialogues.services_cases import TicketKind
from dialogues.services_identity import Linked, LinkState
from nlu import Language
from tests.backend.db.factories import BIRTH_DATE, NOW, add_participant, new_user, random_nik


@pytest.fixture
def services(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> Services:
    return build_services(sessions, uploads_dir=tmp_path / "uploads")


class Transactions:
    """Counts the transactions begun on an engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.begun = 0
        self._engine = engine.sync_engine

    def _count(self, connection: Any) -> None:
        self.begun += 1

    def __enter__(self) -> Transactions:
        event.listen(self._engine, "begin", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self._engine, "begin", self._count)


class UnwritableOwners:
    """Owner marks that can't be written (Redis down)."""

    async def claim(self, channel: str, user_id: str) -> None:
        raise StorageUnavailable("redis: ConnectionError")

    async def owned(self, channel: str, user_id: str, confirm: Confirm) -> bool:
        return await confirm()


@pytest.fixture
def transactions(engine: AsyncEngine) -> Iterator[Transactions]:
    with Transactions(engine) as counted:
        yield counted


async def _participant(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, str, str]:
    async with sessions.begin() as session:
        participant = await add_participant(session)
        return participant.id, participant.kpj, participant.nik


async def _wrong_three_times(services: Services, user: str, kpj: str) -> None:
    nik = random_nik()
    for minute in range(3):
        await services.identity.link(
            "rest",
            user,
            kpj=kpj,
            nik=nik,
            birth_date=BIRTH_DATE,
            now=NOW + timedelta(minutes=minute),
        )


async def test_the_link_state_is_the_person_else_the_lock_in_one_transaction(
    sessions: async_sessionmaker[AsyncSession], services: Services, transactions: Transactions
) -> None:
    _, kpj, nik = await _participant(sessions)
    free, locked, linked = new_user(), new_user(), new_user()
    await _wrong_three_times(services, locked, kpj)
    outcome = await services.identity.link(
        "rest", linked, kpj=kpj, nik=nik, birth_date=BIRTH_DATE, now=NOW
    )
    assert isinstance(outcome, Linked)
    later = NOW + timedelta(minutes=5)
    transactions.begun = 0
    assert await services.identity.link_state("rest", free, now=later) == LinkState(None, None)
    assert await services.identity.link_state("rest", locked, now=later) == LinkState(
        None, NOW + timedelta(minutes=17)
    )
    assert await services.identity.link_state("rest", linked, now=later) == LinkState(
        outcome.person
    )
    assert transactions.begun == 3
    free_again = NOW + timedelta(minutes=17)
    assert await services.identity.link_state("rest", locked, now=free_again) == LinkState(None)


async def test_a_linked_user_locked_out_of_linking_again_is_still_linked(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    _, kpj, nik = await _participant(sessions)
    user = new_user()
    await services.identity.link("rest", user, kpj=kpj, nik=nik, birth_date=BIRTH_DATE, now=NOW)
    await _wrong_three_times(services, user, kpj)
    later = NOW + timedelta(minutes=5)
    assert await services.identity.locked_until("rest", user, later) is not None
    state = await services.identity.link_state("rest", user, now=later)
    assert state.person == await services.identity.linked("rest", user)
    assert state.person is not None and state.locked_until is None


async def test_a_ticket_names_the_participant_the_chat_is_linked_to(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    participant_id, kpj, nik = await _participant(sessions)
    linked, stranger = new_user(), new_user()
    await services.identity.link("rest", linked, kpj=kpj, nik=nik, birth_date=BIRTH_DATE, now=NOW)
    for user in (linked, stranger):
        await services.tickets.open(
            "rest", user, kind=TicketKind.COMPLAINT, language=Language.ID, message="x", now=NOW
        )
    async with sessions() as session:
        named = {
            user: await session.scalar(
                select(Ticket.participant_id).where(Ticket.channel_user_id == user)
            )
            for user in (linked, stranger)
        }
    assert named == {linked: participant_id, stranger: None}


async def test_a_chat_already_owned_stays_with_its_ticket(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    user = new_user()
    complaint = await services.tickets.open(
        "rest", user, kind=TicketKind.COMPLAINT, language=Language.ID, message="lambat", now=NOW
    )
    async with sessions.begin() as session:
        # What an officer's take-over of the complaint does (backend.officers.tickets).
        ticket_id = await session.scalar(
            select(Ticket.id).where(Ticket.reference == complaint.reference)
        )
        assert ticket_id is not None
        session.add(HumanHandoff(channel="rest", channel_user_id=user, ticket_id=ticket_id))
    human = await services.tickets.open(
        "rest", user, kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="orang", now=NOW
    )
    assert human.created and human.reference != complaint.reference
    async with sessions() as session:
        owners = (
            await session.scalars(
                select(HumanHandoff.ticket_id).where(HumanHandoff.channel_user_id == user)
            )
        ).all()
    assert owners == [ticket_id]
    assert await services.tickets.human_owns("rest", user)


async def test_without_the_owner_mark_only_a_chat_already_owned_is_handed_on(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    unwritable = SqlTickets(sessions, UnwritableOwners())
    free, owned = new_user(), new_user()
    with pytest.raises(ServiceUnavailable):
        await unwritable.open(
            "rest", free, kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="a", now=NOW
        )
    first = await services.tickets.open(
        "rest", owned, kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="a", now=NOW
    )
    again = await unwritable.open(
        "rest", owned, kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="b", now=NOW
    )
    assert again.reference == first.reference and not again.created
    async with sessions() as session:
        tickets = await session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.channel_user_id == free)
        )
        bodies = (
            await session.scalars(
                select(TicketMessage.body)
                .join(Ticket)
                .where(Ticket.reference == first.reference)
                .order_by(TicketMessage.id)
            )
        ).all()
    assert tickets == 0  # nothing written for the chat that could not be marked
    assert bodies == ["a", "b"]
    assert not await unwritable.human_owns("rest", free)
    assert await unwritable.human_owns("rest", owned)
