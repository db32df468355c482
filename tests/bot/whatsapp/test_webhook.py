"""The webhook: verification, signatures checked before parsing, events kept before the 200,
each message answered once, nothing lost by a crash."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from backend.db.whatsapp import InboxEvent, MessageState, OutboundMessage
from bot.whatsapp.webhook import sign, verify_challenge, verify_signature
from bot.wiring import Runtime, build_whatsapp
from tests.bot.whatsapp.support import (
    APP_SECRET,
    VERIFY_TOKEN,
    Harness,
    new_number,
    payload,
)

DATA = Path(__file__).resolve().parents[2] / "data"


async def inbox_count(whatsapp: Harness) -> int:
    async with whatsapp.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxEvent)) or 0)


# --- GET verification --------------------------------------------------------------------


async def test_verification_echoes_the_challenge_for_our_token(whatsapp: Harness) -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    response = await whatsapp.http.get("/webhooks/whatsapp", params=query)
    assert (response.status_code, response.text) == (200, "1158201444")
    assert response.headers["content-type"].startswith("text/plain")


async def test_verification_with_a_wrong_token_or_mode_is_refused(whatsapp: Harness) -> None:
    for query in [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {},
    ]:
        response = await whatsapp.http.get("/webhooks/whatsapp", params=query)
        assert response.status_code == 403, query
        assert response.json() == {"detail": "forbidden"}


def test_challenge_check_as_a_plain_function() -> None:
    assert verify_challenge("subscribe", "t", "42", "t") == "42"
    assert verify_challenge("subscribe", "t", "42", "") is None
    assert verify_challenge("subscribe", "t", "x" * 300, "t") is None


# --- POST signature ----------------------------------------------------------------------


async def test_a_wrong_signature_is_refused_and_nothing_kept(whatsapp: Harness) -> None:
    body = payload("text", wa_id=new_number())
    response = await whatsapp.post(body, secret="another-apps-secret")
    assert response.status_code == 403
    assert response.json() == {"detail": "forbidden"}
    assert await inbox_count(whatsapp) == 0


async def test_a_missing_or_malformed_signature_is_refused(whatsapp: Harness) -> None:
    raw = json.dumps(payload("text", wa_id=new_number())).encode()
    good = sign(raw, APP_SECRET)
    for headers in [
        {},
        {"X-Hub-Signature-256": ""},
        {"X-Hub-Signature-256": good.removeprefix("sha256=")},
        {"X-Hub-Signature-256": "sha1=" + good.removeprefix("sha256=")},
        {"X-Hub-Signature-256": "sha256=ünïcödé".encode()},
    ]:
        response = await whatsapp.http.post("/webhooks/whatsapp", content=raw, headers=headers)
        assert response.status_code == 403, headers
    assert await inbox_count(whatsapp) == 0


async def test_the_signature_is_of_the_raw_bytes_not_of_the_json(whatsapp: Harness) -> None:
    body = payload("text", wa_id=new_number())
    raw = json.dumps(body, indent=2).encode()
    compact = json.dumps(body).encode()
    wrong = {"X-Hub-Signature-256": sign(compact, APP_SECRET)}
    assert (
        await whatsapp.http.post("/webhooks/whatsapp", content=raw, headers=wrong)
    ).status_code == 403
    right = {"X-Hub-Signature-256": sign(raw, APP_SECRET)}
    assert (
        await whatsapp.http.post("/webhooks/whatsapp", content=raw, headers=right)
    ).status_code == 200


async def test_signed_garbage_is_a_bad_request_not_a_crash(whatsapp: Harness) -> None:
    raw = b"{not json"
    headers = {"X-Hub-Signature-256": sign(raw, APP_SECRET)}
    response = await whatsapp.http.post("/webhooks/whatsapp", content=raw, headers=headers)
    assert response.status_code == 422


def test_signature_check_as_a_plain_function() -> None:
    assert verify_signature(b"{}", sign(b"{}", "s"), "s")
    assert verify_signature(b"{}", sign(b"{}", "s").upper().replace("SHA256=", "sha256="), "s")
    assert not verify_signature(b"{} ", sign(b"{}", "s"), "s")
    assert not verify_signature(b"{}", sign(b"{}", "s"), "")
    assert not verify_signature(b"{}", None, "s")


# --- Kept, answered once -----------------------------------------------------------------


async def test_a_message_is_kept_answered_and_marked_read(whatsapp: Harness) -> None:
    user = new_number()
    body = payload("text", wa_id=user, text="apa itu jht", at=whatsapp.clock.now())
    response = await whatsapp.post(body)
    assert response.status_code == 200
    assert whatsapp.graph.sent(user) == []  # answered after the 200, not before
    assert await whatsapp.channel.consumer.run_once() == 1
    texts = whatsapp.graph.texts(user)
    assert "JHT (Jaminan Hari Tua)" in texts[0]
    message_id = body["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    assert whatsapp.graph.read_receipts() == [message_id]


async def test_a_redelivered_message_is_answered_once(whatsapp: Harness) -> None:
    user = new_number()
    body = payload("text", wa_id=user, text="halo", at=whatsapp.clock.now())
    first, second = await asyncio.gather(whatsapp.post(body), whatsapp.post(body))
    assert (first.status_code, second.status_code) == (200, 200)
    await whatsapp.channel.consumer.run_once()
    answered = len(whatsapp.graph.sent(user))
    assert answered >= 1
    # Meta redelivers after the answer (our 200 was lost on the way): still answered once.
    assert (await whatsapp.post(body)).status_code == 200
    await whatsapp.channel.consumer.run_once()
    assert len(whatsapp.graph.sent(user)) == answered
    assert await inbox_count(whatsapp) == 1


async def test_a_crash_after_the_200_loses_nothing(whatsapp: Harness, runtime: Runtime) -> None:
    user = new_number()
    assert (await whatsapp.post(payload("text", wa_id=user, text="halo"))).status_code == 200
    # The process dies here, before its consumer ran. Another one starts on the database:
    restarted = build_whatsapp(whatsapp.settings, runtime, clock=whatsapp.clock)
    assert restarted is not None
    try:
        assert await restarted.consumer.run_once() == 1
    finally:
        await restarted.client.aclose()
    assert whatsapp.graph.texts(user)


async def test_a_consumer_dying_mid_event_leaves_it_to_another_after_the_lease(
    whatsapp: Harness,
) -> None:
    user = new_number()
    await whatsapp.post(payload("text", wa_id=user, text="halo", at=whatsapp.clock.now()))
    leased = await whatsapp.channel.inbox.claim(10)  # taken, then the consumer dies
    assert len(leased) == 1
    assert await whatsapp.channel.consumer.run_once() == 0  # still leased
    whatsapp.clock.advance(timedelta(minutes=3))
    assert await whatsapp.channel.consumer.run_once() == 1
    assert whatsapp.graph.texts(user)


async def test_one_users_messages_are_answered_in_order(whatsapp: Harness) -> None:
    await whatsapp.post(payload("batch", at=whatsapp.clock.now()))
    user = "85291234567"
    assert await whatsapp.channel.consumer.run_once() == 1  # the first; the second waits
    first = whatsapp.graph.texts(user)
    assert await whatsapp.channel.consumer.run_once() == 1
    everything = whatsapp.graph.texts(user)
    assert everything[: len(first)] == first
    assert any("English" in text for text in everything[len(first) :])


async def test_media_that_is_gone_is_answered_not_retried(whatsapp: Harness) -> None:
    user = new_number()
    await whatsapp.post(payload("image", wa_id=user, media_id="m-missing"))
    await whatsapp.channel.consumer.run_once()
    assert whatsapp.graph.texts(user) == ["Maaf, file Anda tidak sampai ke kami. Mohon kirim lagi."]


async def test_an_event_failing_for_now_is_tried_again_later(whatsapp: Harness) -> None:
    user = new_number()
    whatsapp.graph.add_media("m-later", (DATA / "tiny.jpg").read_bytes(), "image/jpeg")
    whatsapp.graph.broken_media.add("m-later")  # the Graph API answers 503 for now
    await whatsapp.post(payload("image", wa_id=user, media_id="m-later"))
    await whatsapp.channel.consumer.run_once()
    assert whatsapp.graph.texts(user) == []
    whatsapp.graph.broken_media.clear()
    await whatsapp.channel.consumer.run_once()
    assert whatsapp.graph.texts(user) == []  # waits its backoff
    whatsapp.clock.advance(timedelta(seconds=11))
    await whatsapp.channel.consumer.run_once()
    assert len(whatsapp.graph.texts(user)) == 1  # the file reached the engine, answered


# --- What else users send ----------------------------------------------------------------


async def test_voice_notes_stickers_and_unsupported_get_a_polite_answer(
    whatsapp: Harness,
) -> None:
    user = new_number()
    for name in ("audio", "sticker", "unsupported", "reaction"):
        await whatsapp.post(payload(name, wa_id=user, at=whatsapp.clock.now()))
        await whatsapp.channel.consumer.run_once()
    voice, sticker, unsupported = whatsapp.graph.texts(user)  # the reaction: no answer
    assert "pesan suara" in voice
    assert "teks, foto, dan dokumen PDF" in sticker
    assert unsupported == sticker


async def test_a_file_that_is_not_jpg_png_or_pdf_is_refused_and_not_kept(
    whatsapp: Harness,
) -> None:
    user = new_number()
    whatsapp.graph.add_media("exe", (DATA / "exe-named.pdf").read_bytes(), "application/pdf")
    await whatsapp.post(payload("document", wa_id=user, media_id="exe"))
    await whatsapp.channel.consumer.run_once()
    assert whatsapp.graph.texts(user) == [
        "Hanya file JPG, PNG, atau PDF paling besar 6 MB yang bisa dipakai."
    ]


async def test_statuses_follow_our_message(whatsapp: Harness) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    async with whatsapp.sessions() as session:
        sent = (await session.scalars(select(OutboundMessage))).first()
    assert sent is not None
    assert sent.wamid is not None
    for name in ("status_read", "status_delivered"):  # out of order: read stays read
        await whatsapp.post(payload(name, wa_id=user, status_of=sent.wamid))
        await whatsapp.channel.consumer.run_once()
    async with whatsapp.sessions() as session:
        again = await session.get(OutboundMessage, sent.id, populate_existing=True)
    assert again is not None
    assert again.state == MessageState.READ


async def test_a_huge_body_is_not_read(whatsapp: Harness) -> None:
    response = await whatsapp.http.post(
        "/webhooks/whatsapp",
        content=b"x" * (4 * 1024 * 1024),
        headers={"X-Hub-Signature-256": "sha256=00"},
    )
    assert response.status_code == 403
