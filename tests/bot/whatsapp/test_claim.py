"""A whole claim filed through WhatsApp, files and all, and its news pushed back by the worker.

Runs on a database of its own (migrated, seeded), so the claim it files meets no other test.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.config import Settings
from backend.db import make_engine, make_sessionmaker, migrate
from backend.db.claims import Claim
from backend.delivery.senders import SenderRegistry
from backend.delivery.worker import deliver_due
from backend.seed import seed_demo
from bot.whatsapp.sender import WhatsAppSender
from bot.wiring import build_runtime, build_senders, build_whatsapp
from dialogues.i18n import Catalogs
from tests.bot.whatsapp.fake_graph import FakeGraph
from tests.bot.whatsapp.support import Harness, new_number, payload, webhook_app, whatsapp_settings
from tests.conftest import TODAY_MOMENT
from tests.factories import ManualClock

DATA = Path(__file__).resolve().parents[2] / "data"
# Dedi Kurniawan of `jamsos seed-demo`: a migrant worker with a JHT balance.
KPJ, NIK, BORN = "21164388365", "5201012103827606", "21/03/1982"


@pytest.fixture
async def own(
    settings: Settings,
    graph: tuple[FakeGraph, str],
    clock: ManualClock,
    tmp_path: Path,
) -> AsyncIterator[Harness]:
    """The channel on a fresh seeded database, with its own engine and services."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'jamsos.db'}"
    await migrate.upgrade(url)
    database = make_engine(url)
    sessions = make_sessionmaker(database)
    async with sessions.begin() as session:
        await seed_demo(session=session, today=TODAY_MOMENT.date())
    fake, base_url = graph
    configured = whatsapp_settings(
        settings, base_url, database_url=url, uploads_dir=tmp_path / "uploads"
    )
    runtime = build_runtime(configured, clock=clock)
    channel = build_whatsapp(configured, runtime, clock=clock)
    assert channel is not None
    transport = httpx.ASGITransport(app=webhook_app(channel))
    async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as http:
        yield Harness(channel, http, fake, clock, sessions, configured)
    await channel.client.aclose()
    await runtime.aclose()
    await database.dispose()


async def tap(whatsapp: Harness, user: str, kind: str, choice: str | None = None) -> list[str]:
    before = len(whatsapp.graph.sent(user))
    await whatsapp.post(payload(kind, wa_id=user, choice=choice, at=whatsapp.clock.now()))
    await whatsapp.channel.consumer.run_once()
    return whatsapp.graph.texts(user)[before:]


async def send_file(whatsapp: Harness, user: str, kind: str, name: str, media: str) -> list[str]:
    before = len(whatsapp.graph.sent(user))
    mime = "image/jpeg" if name.endswith(".jpg") else "application/pdf"
    whatsapp.graph.add_media(media, (DATA / name).read_bytes(), mime)
    await whatsapp.post(payload(kind, wa_id=user, media_id=media, at=whatsapp.clock.now()))
    await whatsapp.channel.consumer.run_once()
    return whatsapp.graph.texts(user)[before:]


def choices(whatsapp: Harness, user: str) -> list[str]:
    """The ids of every button and list row offered to the user so far."""
    ids = []
    for body in whatsapp.graph.sent(user):
        action = body.get("interactive", {}).get("action", {})
        ids += [button["reply"]["id"] for button in action.get("buttons", [])]
        ids += [row["id"] for section in action.get("sections", []) for row in section["rows"]]
    return ids


async def test_a_whole_claim_filed_with_uploads_and_its_status_pushed_back(own: Harness) -> None:
    whatsapp = own
    user = new_number()
    assert "KPJ" in " ".join(await whatsapp.say(user, "saya mau klaim jht"))
    assert "NIK" in " ".join(await whatsapp.say(user, KPJ))
    assert "tanggal lahir" in " ".join(await whatsapp.say(user, NIK))
    linked = " ".join(await whatsapp.say(user, BORN))
    assert "Dedi Kurniawan" in linked
    assert NIK not in linked
    resigned = '/check_eligibility{"program":"JHT","reason":"resigned"}'
    assert resigned in choices(whatsapp, user)
    asked = await tap(whatsapp, user, "list_reply", resigned)
    assert "berhenti bekerja" in asked[-1]
    documents = " ".join(await whatsapp.say(user, "1 Oktober 2026"))
    assert "Dokumen 1 dari 4" in documents

    # The documents, as WhatsApp photos and PDF documents, downloaded and kept as uploads.
    assert "Dokumen 2 dari 4" in (await send_file(whatsapp, user, "image", "tiny.jpg", "m1"))[0]
    assert "Dokumen 3 dari 4" in (await send_file(whatsapp, user, "document", "tiny.pdf", "m2"))[0]
    refused = await send_file(whatsapp, user, "document", "exe-named.pdf", "m3")
    assert refused == ["Hanya file JPG, PNG, atau PDF paling besar 6 MB yang bisa dipakai."]
    assert "Dokumen 4 dari 4" in (await send_file(whatsapp, user, "document", "tiny.pdf", "m4"))[0]
    assert "Bank apa" in (await send_file(whatsapp, user, "image", "tiny.jpg", "m5"))[0]

    await whatsapp.say(user, "BRI")
    await whatsapp.say(user, "0123 4567 8901")
    summary = " ".join(await whatsapp.say(user, "Dedi Kurniawan"))
    assert "012345678901" not in summary  # the account number is masked
    assert '/file_claim{"action":"confirm"}' in choices(whatsapp, user)
    (filed,) = await tap(whatsapp, user, "button_reply", '/file_claim{"action":"confirm"}')
    assert "Nomor klaim" in filed

    async with whatsapp.sessions() as session:
        claim = await session.scalar(select(Claim).where(Claim.channel_user_id == user))
    assert claim is not None
    assert (claim.channel, str(claim.program)) == ("whatsapp", "JHT")
    assert claim.reference in filed

    # An officer takes it up; `jamsos worker` pushes the news back through WhatsApp.
    whatsapp.clock.advance(timedelta(hours=2))
    async with whatsapp.sessions.begin() as session:
        await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("supervisor"),
            now=whatsapp.clock.now(),
        )
    senders = SenderRegistry(
        {"whatsapp": WhatsAppSender(whatsapp.sessions, whatsapp.channel.delivery)}
    )
    report = await deliver_due(
        sessions=whatsapp.sessions,
        senders=senders,
        catalogs=Catalogs(),
        clock=whatsapp.clock.now,
    )
    assert (report.sent, report.failed) == (1, 0)
    news = whatsapp.graph.texts(user)[-1]
    assert claim.reference in news
    assert "diperiksa" in news  # in Indonesian, the language of the chat

    # Two days later the next news comes outside the window: a template, the news held.
    whatsapp.clock.advance(timedelta(days=2))
    async with whatsapp.sessions.begin() as session:
        await transition(
            session=session,
            claim_reference=claim.reference,
            to=ClaimState.INTERVIEW_SCHEDULED,
            actor=Actor.officer("supervisor"),
            now=whatsapp.clock.now(),
            interview_at=whatsapp.clock.now() + timedelta(days=3),
        )
    await deliver_due(
        sessions=whatsapp.sessions, senders=senders, catalogs=Catalogs(), clock=whatsapp.clock.now
    )
    assert whatsapp.graph.sent(user)[-1]["template"]["name"] == "claim_update"
    texts = await tap(whatsapp, user, "template_button")
    assert len(texts) == 1
    assert claim.reference in texts[0]


async def test_the_worker_registers_the_whatsapp_sender_when_configured(own: Harness) -> None:
    senders, clients = build_senders(own.settings, io.StringIO(), own.sessions)
    try:
        assert "whatsapp" in senders
    finally:
        for client in clients:
            await client.aclose()
    off = own.settings.model_copy(
        update={
            "whatsapp_token": None,
            "whatsapp_phone_number_id": None,
            "whatsapp_app_secret": None,
            "whatsapp_verify_token": None,
        }
    )
    unconfigured, _ = build_senders(off, io.StringIO(), own.sessions)
    assert "whatsapp" not in unconfigured


async def test_the_digital_card_is_uploaded_and_sent_as_an_image(own: Harness) -> None:
    whatsapp = own
    user = "85251234567"  # a Hong Kong number: no language hint, English from the text
    await whatsapp.say(user, "show me my digital card please")
    await whatsapp.say(user, "20045299800")
    await whatsapp.say(user, "3203014903919981")
    before = len(whatsapp.graph.sent(user))
    await whatsapp.say(user, "09/03/1991")
    image = next(body for body in whatsapp.graph.sent(user)[before:] if body["type"] == "image")
    media_id = image["image"]["id"]
    assert media_id.startswith("media.up.")
    data, mime_type = whatsapp.graph.media[media_id]
    assert mime_type == "image/png"
    assert data.startswith(b"\x89PNG")
    uploads = [call for call in whatsapp.graph.calls if call.path.endswith("/media")]
    assert uploads[-1].body["type"] == "image/png"
