"""Claims through the REST channel where the YAML conversations can't reach: the database.

A double tap files one claim; someone else's reference is answered exactly like an unknown
one; a human owns the chat until handed back; the card is a real PNG.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.filing import BankAccount, create_claim
from backend.config import Settings
from backend.db import make_engine, make_sessionmaker
from backend.db.claims import Claim
from backend.db.officers import Officer
from backend.db.participants import Participant
from backend.db.tickets import Ticket, TicketMessage
from backend.officers.tickets import hand_back
from backend.services.cards import HEIGHT, WIDTH
from dialogues.rules.facts import JhtFacts, JhtReason
from nlu import Language
from tests.conftest import TODAY_MOMENT
from tests.factories import new_user

WEBHOOK = "/webhooks/rest/webhook"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
async def sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(settings.database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def say(
    client: httpx.AsyncClient, sender: str, text: str, **extra: Any
) -> list[dict[str, Any]]:
    response = await client.post(WEBHOOK, json={"sender": sender, "message": text, **extra})
    assert response.status_code == 200, response.text
    replies: list[dict[str, Any]] = response.json()
    return replies


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply["text"] for reply in replies)


async def person(sessions: async_sessionmaker[AsyncSession], name: str) -> Participant:
    async with sessions() as session:
        found = await session.scalar(select(Participant).where(Participant.name == name))
    assert found is not None
    return found


async def link(client: httpx.AsyncClient, sender: str, who: Participant, intent: str) -> str:
    await say(client, sender, intent)
    await say(client, sender, who.kpj)
    await say(client, sender, who.nik)
    return said(await say(client, sender, who.birth_date.strftime("%d/%m/%Y")))


async def upload(client: httpx.AsyncClient, sender: str, name: str) -> str:
    files = {"file": (name, (DATA / name).read_bytes())}
    response = await client.post("/webhooks/rest/upload", data={"sender": sender}, files=files)
    file_id: str = response.json()["file_id"]
    return file_id


async def test_a_double_tap_files_one_claim(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    sender = new_user()
    sri = await person(sessions, "Sri Wahyuni")
    await link(client, sender, sri, '/file_claim{"program":"JHT"}')
    await say(client, sender, "saya di-PHK")
    text = said(await say(client, sender, "1 Oktober 2026"))
    assert "Dokumen 1 dari" in text, text
    while "Dokumen" in text and "wajah" not in text.split("Dokumen")[-1]:
        file_id = await upload(client, sender, "tiny.pdf")
        text = said(await say(client, sender, "", attachments=[file_id]))
    face = await upload(client, sender, "tiny.jpg")
    await say(client, sender, "", attachments=[face])
    await say(client, sender, "Bank Mandiri")
    await say(client, sender, "1234567890")
    summary = said(await say(client, sender, "Sri Wahyuni"))
    assert "******7890" in summary and "1234567890" not in summary
    confirm = '/file_claim{"action":"confirm"}'
    first, second = await asyncio.gather(say(client, sender, confirm), say(client, sender, confirm))
    third = await say(client, sender, "ya")
    texts = [said(first), said(second), said(third)]
    async with sessions() as session:
        references = (
            await session.scalars(select(Claim.reference).where(Claim.channel_user_id == sender))
        ).all()
    assert len(references) == 1, texts
    assert all(references[0] in text for text in texts[:2])
    assert sum("hanya diajukan sekali" in text for text in texts[:2]) == 1


async def test_someone_elses_claim_gets_the_unknown_claims_answer(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    rina, nur = await person(sessions, "Rina Marlina"), await person(sessions, "Nur Aini")
    async with sessions.begin() as session:
        claim = await create_claim(
            session=session,
            participant_id=nur.id,
            facts=JhtFacts(
                as_of=TODAY_MOMENT.date(), reason=JhtReason.AGE_56, birth_date=date(1960, 1, 1)
            ),
            bank_account=BankAccount("BRI", "0123456789", "Nur Aini"),
            channel="telegram",
            channel_user_id=new_user(),
            language=Language.ID,
            now=TODAY_MOMENT,
        )
    sender = new_user()
    await link(client, sender, rina, "status klaim saya")
    foreign = said(await say(client, sender, f"status {claim.reference}"))
    unknown_reference = "CLM-00000000"
    unknown = said(await say(client, sender, f"status {unknown_reference}"))
    assert foreign.replace(claim.reference, "REF") == unknown.replace(unknown_reference, "REF")
    cancel = f'/claim_status{{"claim_id":"{claim.reference}","action":"cancel_confirmed"}}'
    refused = said(await say(client, sender, cancel))
    assert refused.replace(claim.reference, "REF") == unknown.replace(unknown_reference, "REF")
    async with sessions() as session:
        state = await session.scalar(select(Claim.state).where(Claim.id == claim.id))
    assert state == "submitted"


async def test_the_bot_is_silent_while_a_human_owns_the_chat(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    sender = new_user()
    opened = said(await say(client, sender, "saya mau bicara dengan petugas, bukan robot"))
    assert "TKT-" in opened
    assert await say(client, sender, "halo, ada orang?") == []
    file_id = await upload(client, sender, "tiny.png")
    assert await say(client, sender, "ini fotonya", attachments=[file_id]) == []
    async with sessions.begin() as session:
        reference = await session.scalar(
            select(Ticket.reference).where(Ticket.channel_user_id == sender)
        )
        count = await session.scalar(
            select(func.count())
            .select_from(TicketMessage)
            .join(Ticket)
            .where(Ticket.channel_user_id == sender)
        )
        assert reference is not None and reference in opened and count == 3
        # The officer gives the chat back, as the back office's "hand back" button does.
        officer = await session.scalar(select(Officer).limit(1))
        assert officer is not None
        await hand_back(session=session, officer=officer, reference=reference, now=TODAY_MOMENT)
    answered = said(await say(client, sender, "apa itu jkm?"))
    assert "Rp42.000.000" in answered


async def test_the_digital_card_is_a_png_with_nothing_personal_in_the_clear(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    sender = new_user()
    eko = await person(sessions, "Eko Prasetyo")
    await link(client, sender, eko, "/digital_card")
    replies = await say(client, sender, "/digital_card")
    image = next(reply["image"] for reply in replies if reply.get("image"))
    header, encoded = image.split(",", 1)
    assert header == "data:image/png;base64"
    png = base64.b64decode(encoded)
    assert Image.open(io.BytesIO(png)).size == (WIDTH, HEIGHT)
    assert eko.kpj.encode() not in png and eko.nik.encode() not in png
    assert eko.kpj not in said(replies) and eko.kpj[-4:] in said(replies)


async def test_personal_numbers_never_reach_the_logs(
    client: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sender = new_user()
    joko = await person(sessions, "Joko Susilo")
    with caplog.at_level(logging.DEBUG):
        await link(client, sender, joko, "saldo saya")
        await say(client, sender, '/file_claim{"program":"JHT"}')
    # aiosqlite's own DEBUG lines quote parameters: `configure_logging` keeps it at INFO.
    ours = [r for r in caplog.records if not r.name.startswith("aiosqlite")]
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in ours)
    assert ours
    assert joko.kpj not in logged and joko.nik not in logged
