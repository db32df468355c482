"""The REST channel and the parse API over HTTP, including bad input."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from backend.api.routes.rest_channel import render, reply_json
from dialogues.messages import Button, Reply
from tests.factories import new_user

WEBHOOK = "/webhooks/rest/webhook"


async def test_reply_has_rasa_rest_shape(client: httpx.AsyncClient) -> None:
    user = new_user()
    response = await client.post(WEBHOOK, json={"sender": user, "message": "halo"})
    assert response.status_code == 200
    replies = response.json()
    assert replies[0]["recipient_id"] == user
    assert replies[0]["text"]
    assert {"title", "payload"} <= set(replies[0]["buttons"][0])


async def test_button_payload_is_understood(client: httpx.AsyncClient) -> None:
    user = new_user()
    response = await client.post(
        WEBHOOK, json={"sender": user, "message": '/program_info{"program":"JKP"}'}
    )
    assert "PP 37/2021" in response.json()[0]["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "halo"}, "sender"),
        ({"sender": "x"}, "message"),
        ({"sender": "", "message": "halo"}, "sender"),
        ({"sender": "x", "message": 5}, "message"),
    ],
)
async def test_malformed_body_names_the_field(
    client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await client.post(WEBHOOK, json=body)
    assert response.status_code == 422
    assert any(error["loc"][-1] == field for error in response.json()["detail"])


async def test_malformed_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        WEBHOOK,
        content=b'{"sender": "x", "message": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


async def test_invalid_utf8_gets_a_polite_answer(client: httpx.AsyncClient) -> None:
    body = b'{"sender": "utf8-user", "message": "halo \xff\xfe kak"}'
    response = await client.post(
        WEBHOOK, content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()[0]["text"]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "😀🙏",
        "x" * 10_000,
        "\x00\x1b[31m halo",
        "1234567",
        '/deny{"x": 1}',
        "/change_language",
    ],
)
async def test_odd_messages_answer_politely(client: httpx.AsyncClient, message: str) -> None:
    response = await client.post(WEBHOOK, json={"sender": new_user(), "message": message})
    assert response.status_code == 200
    assert response.json() and response.json()[0]["text"].strip()


async def test_parse_api_answers_in_the_contract_shape(client: httpx.AsyncClient) -> None:
    response = await client.post("/model/parse", json={"text": "mau klaim jht dong"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"text", "intent", "intent_ranking", "entities", "language"}
    assert data["intent"]["name"] == "file_claim"
    assert data["entities"][0] == {"entity": "program", "value": "JHT", "start": 10, "end": 13}
    assert data["language"] == "id"


async def test_parse_api_refuses_a_missing_text(client: httpx.AsyncClient) -> None:
    response = await client.post("/model/parse", json={"message": "halo"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "text"]


@pytest.mark.parametrize(
    "reply",
    [
        Reply("Halo!"),
        Reply("Pilih:", buttons=(Button("JHT", "/program_info"),)),
        Reply("Kartu", image="data:image/png;base64,AAAA"),
        Reply("Hasil", custom={"calculation": {"kind": "jht", "on": date(2026, 11, 21)}}),
    ],
)
def test_replies_are_answered_as_the_response_model_would_give_them(reply: Reply) -> None:
    # The route returns ready JSON instead of validating RestReply models again.
    expected = render(reply, "u1").model_dump(mode="json", exclude_none=True)
    assert reply_json(reply, "u1") == expected
