"""Our Graph API client against the fake Graph API on 127.0.0.1: shapes, media, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.whatsapp.client import ListRow, ReplyButton, WhatsAppClient
from bot.whatsapp.errors import (
    Action,
    AuthorizationError,
    InvalidRequest,
    MediaError,
    RateLimited,
    ReEngagementRequired,
    TemplateError,
    TemporaryFailure,
    Undeliverable,
    UnsupportedMessage,
    WhatsAppError,
)
from tests.bot.whatsapp.fake_graph import PHONE_NUMBER_ID, TOKEN, FakeGraph
from tests.servers import free_port

DATA = Path(__file__).resolve().parents[2] / "data"
USER = "6281234567890"


@pytest.fixture
async def client(graph: tuple[FakeGraph, str]) -> AsyncIterator[WhatsAppClient]:
    """A client of the fake Graph API."""
    _, base_url = graph
    client = WhatsAppClient(token=TOKEN, phone_number_id=PHONE_NUMBER_ID, base_url=base_url)
    yield client
    await client.aclose()


async def test_send_text_posts_the_documented_body_with_the_token(
    client: WhatsAppClient, graph: tuple[FakeGraph, str]
) -> None:
    fake, _ = graph
    wamid = await client.send_text(USER, "Halo!")
    assert wamid.startswith("wamid.")
    call = fake.calls[-1]
    assert call.path == f"/v22.0/{PHONE_NUMBER_ID}/messages"
    assert call.authorization == f"Bearer {TOKEN}"
    assert call.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": USER,
        "type": "text",
        "text": {"body": "Halo!", "preview_url": False},
    }


async def test_buttons_list_template_and_media_shapes(
    client: WhatsAppClient, graph: tuple[FakeGraph, str]
) -> None:
    fake, _ = graph
    await client.send_buttons(USER, "Pilih", [ReplyButton("/a", "A"), ReplyButton("/b", "B")])
    await client.send_list(
        USER, "Pilih satu", "Pilih", [ListRow("/x", "X", "tentang X"), ListRow("/y", "Y")]
    )
    await client.send_template(USER, "claim_update", "id", ["CLM-1"])
    await client.send_image(USER, link="https://example.org/a.png", caption="kartu")
    await client.send_document(USER, media_id="m1", filename="a.pdf")
    await client.mark_read("wamid.in.1")
    buttons, rows, template, image, document = (call["type"] for call in fake.sent(USER)[:5])
    assert (buttons, rows, template, image, document) == (
        "interactive",
        "interactive",
        "template",
        "image",
        "document",
    )
    sent = fake.sent(USER)
    assert sent[0]["interactive"]["action"]["buttons"][1] == {
        "type": "reply",
        "reply": {"id": "/b", "title": "B"},
    }
    assert sent[1]["interactive"]["action"] == {
        "button": "Pilih",
        "sections": [
            {
                "rows": [
                    {"id": "/x", "title": "X", "description": "tentang X"},
                    {"id": "/y", "title": "Y"},
                ]
            }
        ],
    }
    assert sent[2]["template"] == {
        "name": "claim_update",
        "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "CLM-1"}]}],
    }
    assert sent[3]["image"] == {"link": "https://example.org/a.png", "caption": "kartu"}
    assert sent[4]["document"] == {"id": "m1", "filename": "a.pdf"}
    assert fake.read_receipts() == ["wamid.in.1"]


async def test_media_uploaded_and_downloaded_with_the_token(
    client: WhatsAppClient, graph: tuple[FakeGraph, str]
) -> None:
    fake, _ = graph
    jpeg = (DATA / "tiny.jpg").read_bytes()
    media_id = await client.upload_media(jpeg, "image/jpeg", "tiny.jpg")
    info = await client.get_media_url(media_id)
    assert info.mime_type == "image/jpeg"
    assert info.file_size == len(jpeg)
    assert await client.download_media(info.url, max_bytes=10_000) == jpeg
    assert await client.download_media(info.url, max_bytes=10) is None
    assert {call.authorization for call in fake.calls} == {f"Bearer {TOKEN}"}


async def test_media_that_is_gone_is_a_media_error(
    client: WhatsAppClient, graph: tuple[FakeGraph, str]
) -> None:
    _, base_url = graph
    with pytest.raises(InvalidRequest):
        await client.get_media_url("no-such-media")
    root = base_url.removesuffix("/v22.0")
    with pytest.raises(MediaError) as raised:
        await client.download_media(f"{root}/media-bin/nothing", max_bytes=10)
    assert raised.value.action is Action.FAIL


@pytest.mark.parametrize(
    ("code", "status", "kind", "action"),
    [
        (131047, 400, ReEngagementRequired, Action.TEMPLATE_AND_HOLD),
        (131026, 400, Undeliverable, Action.MARK_UNREACHABLE),
        (130429, 429, RateLimited, Action.RETRY_LATER),
        (131056, 400, RateLimited, Action.RETRY_LATER),
        (131051, 400, UnsupportedMessage, Action.FAIL),
        (132001, 404, TemplateError, Action.FAIL),
        (190, 401, AuthorizationError, Action.RETRY_LATER),
        (131009, 400, InvalidRequest, Action.FAIL),
        (987654, 400, WhatsAppError, Action.FAIL),
        (987654, 503, WhatsAppError, Action.RETRY_LATER),
    ],
)
async def test_graph_api_errors_become_their_class_and_action(
    client: WhatsAppClient,
    graph: tuple[FakeGraph, str],
    code: int,
    status: int,
    kind: type[WhatsAppError],
    action: Action,
) -> None:
    fake, _ = graph
    fake.fail_next(USER, code, status=status)
    with pytest.raises(WhatsAppError) as raised:
        await client.send_text(USER, "Halo")
    assert type(raised.value) is kind
    assert raised.value.code == code
    assert raised.value.status == status
    assert raised.value.action is action
    assert raised.value.details == "fake"


async def test_no_answer_at_all_is_a_temporary_failure() -> None:
    client = WhatsAppClient(
        token=TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        base_url=f"http://127.0.0.1:{free_port()}/v22.0",
        timeout=2,
    )
    try:
        with pytest.raises(TemporaryFailure) as raised:
            await client.send_text(USER, "Halo")
    finally:
        await client.aclose()
    assert raised.value.action is Action.RETRY_LATER


async def test_a_server_error_without_a_body_is_temporary() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(502, text="Bad Gateway"))
    client = WhatsAppClient(token=TOKEN, phone_number_id=PHONE_NUMBER_ID, transport=transport)
    try:
        with pytest.raises(TemporaryFailure):
            await client.send_text(USER, "Halo")
    finally:
        await client.aclose()


async def test_what_whatsapp_would_refuse_is_refused_before_sending() -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing should be sent")

    client = WhatsAppClient(
        token=TOKEN, phone_number_id=PHONE_NUMBER_ID, transport=httpx.MockTransport(never)
    )
    four = [ReplyButton(f"/{i}", str(i)) for i in range(4)]
    try:
        with pytest.raises(ValueError, match="3 reply buttons"):
            await client.send_buttons(USER, "Pilih", four)
        with pytest.raises(ValueError, match="20 characters"):
            await client.send_buttons(USER, "Pilih", [ReplyButton("/a", "x" * 21)])
        with pytest.raises(ValueError, match="24 characters"):
            await client.send_list(USER, "Pilih", "Pilih", [ListRow("/a", "x" * 25)])
        with pytest.raises(ValueError, match="10 rows"):
            await client.send_list(
                USER, "Pilih", "Pilih", [ListRow(f"/{i}", "x") for i in range(11)]
            )
        with pytest.raises(ValueError, match="4096"):
            await client.send_text(USER, "x" * 4097)
    finally:
        await client.aclose()


def test_from_dict_reads_a_failed_status_error_without_a_status() -> None:
    error = WhatsAppError.from_dict(
        {"code": 131047, "title": "Re-engagement message", "error_data": {"details": "24 h"}}
    )
    assert isinstance(error, ReEngagementRequired)
    assert error.message == "Re-engagement message"
    assert error.details == "24 h"
    assert WhatsAppError.from_dict({"message": "no code"}).action is Action.RETRY_LATER
