"""The webhook models read every recorded payload, and tolerate what they don't model."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.whatsapp.errors import Action, WhatsAppError
from bot.whatsapp.payloads import (
    MessageEvent,
    StatusEvent,
    WebhookPayload,
    from_record,
    to_record,
)
from tests.bot.whatsapp.support import DATA, recorded

RECORDED = sorted(path.stem for path in DATA.glob("*.json"))


def events(name: str) -> list[MessageEvent | StatusEvent]:
    return list(WebhookPayload.model_validate(recorded(name)).events())


def only_message(name: str) -> MessageEvent:
    (event,) = events(name)
    assert isinstance(event, MessageEvent)
    return event


@pytest.mark.parametrize("name", RECORDED)
def test_every_recorded_payload_reads_and_survives_the_inbox(name: str) -> None:
    found = events(name)
    assert found
    for event in found:
        assert from_record(json.loads(json.dumps(to_record(event)))) == event


def test_text_with_its_sender_and_time() -> None:
    event = only_message("text")
    assert event.wa_id == "6281234567890"
    assert event.name == "Dewi Lestari"
    assert event.message.text is not None
    assert event.message.text.body == "apa itu jht"
    assert event.sent_at() == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert event.key == f"message:{event.message.id}"


def test_reply_button_list_row_and_template_button_give_the_chosen_id() -> None:
    assert only_message("button_reply").message.choice_id == '/program_info{"program":"JHT"}'
    assert only_message("list_reply").message.choice_id == "/office_contact"
    tapped = only_message("template_button").message
    assert tapped.type == "button"
    assert tapped.choice_id == "Lihat pesan"


def test_image_document_and_audio_name_their_media() -> None:
    image = only_message("image").message
    assert image.media is not None
    assert (image.media.id, image.media.caption) == ("1003383421387256", "ktp saya")
    document = only_message("document").message
    assert document.media is not None
    assert document.media.filename == "paspor.pdf"
    audio = only_message("audio").message
    assert audio.media is None
    assert audio.audio is not None
    assert audio.audio.voice is True


def test_statuses_sent_delivered_read_and_failed_with_its_error() -> None:
    for name, expected in [
        ("status_sent", "sent"),
        ("status_delivered", "delivered"),
        ("status_read", "read"),
    ]:
        (event,) = events(name)
        assert isinstance(event, StatusEvent)
        assert event.status.status == expected
        assert event.key == f"status:{event.status.id}:{expected}"
    (failed,) = events("status_failed_131047")
    assert isinstance(failed, StatusEvent)
    error = WhatsAppError.from_dict(failed.status.errors[0].as_error_dict())
    assert error.code == 131047
    assert error.action is Action.TEMPLATE_AND_HOLD


def test_a_call_with_several_messages_and_a_status_gives_each() -> None:
    kinds = [(type(event).__name__, event.key) for event in events("batch")]
    assert kinds == [
        ("MessageEvent", "message:wamid.batch.1"),
        ("MessageEvent", "message:wamid.batch.2"),
        ("StatusEvent", "status:wamid.batch.out:delivered"),
    ]


def test_unknown_fields_missing_optional_ones_and_new_types_are_tolerated() -> None:
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "brand_new_field": {"x": 1},
                            "messages": [
                                {
                                    "from": "85291234567",
                                    "id": "wamid.new",
                                    "type": "hologram",
                                    "hologram": {"depth": 3},
                                }
                            ],
                            "statuses": [{"id": "wamid.x", "status": "played"}],
                        },
                    },
                    {"field": "account_update", "value": {"event": "VERIFIED_ACCOUNT"}},
                ]
            }
        ],
    }
    message, status = WebhookPayload.model_validate(body).events()
    assert isinstance(message, MessageEvent)
    assert (message.wa_id, message.message.type, message.sent_at()) == (
        "85291234567",
        "hologram",
        None,
    )
    assert isinstance(status, StatusEvent)
    assert status.wa_id == ""


def test_a_contact_without_user_id_or_a_message_without_contacts_still_counts() -> None:
    body = recorded("text")
    value = body["entry"][0]["changes"][0]["value"]
    del value["contacts"]
    (event,) = WebhookPayload.model_validate(body).events()
    assert isinstance(event, MessageEvent)
    assert event.name is None
    assert event.wa_id == "6281234567890"
