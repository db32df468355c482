"""The tickets side of the officer API: read, reply through the channel, take over, hand back."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.outbox import OutboxMessage
from backend.db.tickets import HumanHandoff
from nlu import Language
from tests.backend.officers.factories import add_officer, add_ticket, bearer, new_channel

TICKETS = "/api/v1/officer/tickets"


async def _outbox(sessions: async_sessionmaker[AsyncSession], channel: str) -> list[OutboxMessage]:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == channel).order_by(OutboxMessage.id)
        )
        return list(rows.all())


async def _handoffs(sessions: async_sessionmaker[AsyncSession], channel: str) -> int:
    async with sessions() as session:
        rows = await session.scalars(select(HumanHandoff.id).where(HumanHandoff.channel == channel))
        return len(rows.all())


async def test_list_read_and_reply_through_the_workers_channel(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        ticket = await add_ticket(session, channel, language=Language.EN)
    account = await add_officer(sessions)
    headers = await bearer(api, account)
    listed = await api.get(TICKETS, params={"state": "open", "per_page": 100}, headers=headers)
    assert listed.status_code == 200
    read = (await api.get(f"{TICKETS}/{ticket.reference}", headers=headers)).json()
    assert read["state"] == "open" and read["officer"] is None and not read["handed_off"]
    assert [m["author_kind"] for m in read["messages"]] == ["worker"]

    reply = await api.post(
        f"{TICKETS}/{ticket.reference}/replies",
        json={"body": "  We are checking your claim.  "},
        headers=headers,
    )
    assert reply.status_code == 201
    assert reply.json()["body"] == "We are checking your claim."
    [message] = await _outbox(sessions, channel)
    assert (message.kind, message.language, message.recipient) == (
        "ticket.reply",
        Language.EN,
        ticket.channel_user_id,
    )
    assert message.payload == {"reference": ticket.reference, "body": "We are checking your claim."}
    read = (await api.get(f"{TICKETS}/{ticket.reference}", headers=headers)).json()
    assert read["officer"] == account.username
    assert [(m["author_kind"], m["officer"]) for m in read["messages"]] == [
        ("worker", None),
        ("officer", account.username),
    ]
    empty = await api.post(
        f"{TICKETS}/{ticket.reference}/replies", json={"body": ""}, headers=headers
    )
    assert empty.status_code == 422
    unknown = await api.post(f"{TICKETS}/TKT-00000000/replies", json={"body": "x"}, headers=headers)
    assert unknown.status_code == 404


async def test_take_over_and_hand_back(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        ticket = await add_ticket(session, channel)
    headers = await bearer(api, await add_officer(sessions))
    url = f"{TICKETS}/{ticket.reference}"
    taken = await api.post(f"{url}/takeover", headers=headers)
    assert taken.status_code == 200 and taken.json()["handed_off"] is True
    again = await api.post(f"{url}/takeover", headers=headers)
    assert again.status_code == 200
    assert await _handoffs(sessions, channel) == 1
    kept_open = await api.post(f"{url}/handback", json={"close": False}, headers=headers)
    assert kept_open.json()["handed_off"] is False and kept_open.json()["state"] == "open"
    assert await _handoffs(sessions, channel) == 0
    await api.post(f"{url}/takeover", headers=headers)
    closed = await api.post(f"{url}/handback", headers=headers)
    assert closed.json()["state"] == "closed" and closed.json()["closed_at"] is not None
    assert [m.kind for m in await _outbox(sessions, channel)] == [
        "ticket.taken_over",
        "ticket.handed_back",
        "ticket.taken_over",
        "ticket.handed_back",
    ]
    late = await api.post(f"{url}/replies", json={"body": "one more thing"}, headers=headers)
    assert late.status_code == 422
    assert (await api.post(f"{url}/takeover", headers=headers)).status_code == 422


async def test_taking_over_another_ticket_of_the_same_worker_moves_the_handoff(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        first = await add_ticket(session, channel)
        second = await add_ticket(session, channel)
        second.channel_user_id = first.channel_user_id
    headers = await bearer(api, await add_officer(sessions))
    await api.post(f"{TICKETS}/{first.reference}/takeover", headers=headers)
    moved = await api.post(f"{TICKETS}/{second.reference}/takeover", headers=headers)
    assert moved.json()["handed_off"] is True
    assert (await api.get(f"{TICKETS}/{first.reference}", headers=headers)).json()[
        "handed_off"
    ] is False
    assert await _handoffs(sessions, channel) == 1
