"""The REST channel's upload: the content decides the type, the size is bounded, ids are private."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from dialogues.rules.uploads import MAX_FILE_BYTES
from tests.factories import new_user

DATA = Path(__file__).resolve().parent.parent / "data"
UPLOAD = "/webhooks/rest/upload"
WEBHOOK = "/webhooks/rest/webhook"


async def _upload(
    client: httpx.AsyncClient, sender: str, name: str, data: bytes | None = None
) -> httpx.Response:
    content = data if data is not None else (DATA / name).read_bytes()
    return await client.post(UPLOAD, data={"sender": sender}, files={"file": (name, content)})


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("tiny.jpg", "image/jpeg"),
        ("tiny.png", "image/png"),
        ("tiny.pdf", "application/pdf"),
        ("pdf-named.jpg", "application/pdf"),
    ],
)
async def test_photos_and_pdfs_are_kept(
    client: httpx.AsyncClient, name: str, content_type: str
) -> None:
    response = await _upload(client, new_user(), name)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["content_type"] == content_type and len(body["file_id"]) == 32


@pytest.mark.parametrize("name", ["program.exe", "exe-named.pdf"])
async def test_anything_else_is_refused_by_its_content(
    client: httpx.AsyncClient, name: str
) -> None:
    response = await _upload(client, new_user(), name)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]
    assert "JPG, PNG or PDF" in response.json()["detail"][0]["msg"]


async def test_a_file_over_6_mb_is_413(client: httpx.AsyncClient) -> None:
    big = b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES
    response = await _upload(client, new_user(), "big.pdf", big)
    assert response.status_code == 413
    assert "6 MB" in response.json()["detail"]


async def test_empty_files_and_missing_fields_are_422(client: httpx.AsyncClient) -> None:
    empty = await _upload(client, new_user(), "empty.pdf", b"")
    assert empty.status_code == 422 and "empty" in empty.json()["detail"][0]["msg"]
    no_sender = await client.post(UPLOAD, files={"file": ("a.pdf", b"%PDF-1.4")})
    assert no_sender.status_code == 422
    assert no_sender.json()["detail"][0]["loc"] == ["body", "sender"]
    no_file = await client.post(UPLOAD, data={"sender": "x"}, files={"other": ("a", b"x")})
    assert no_file.status_code == 422


async def test_a_message_may_name_only_its_senders_files(client: httpx.AsyncClient) -> None:
    owner, stranger = new_user(), new_user()
    file_id = (await _upload(client, owner, "tiny.jpg")).json()["file_id"]
    foreign = await client.post(
        WEBHOOK, json={"sender": stranger, "message": "", "attachments": [file_id]}
    )
    unknown = await client.post(
        WEBHOOK, json={"sender": owner, "message": "", "attachments": ["../../etc/passwd"]}
    )
    assert foreign.status_code == unknown.status_code == 422
    assert foreign.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["body", "attachments.0"],
                "msg": "unknown file id: upload the file first",
            }
        ]
    }
    mine = await client.post(
        WEBHOOK, json={"sender": owner, "message": "", "attachments": [file_id]}
    )
    assert mine.status_code == 200
    assert "tidak sedang menunggu dokumen" in mine.json()[0]["text"]
