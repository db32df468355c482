"""Photos and documents: downloaded through the Bot API, checked by content, kept, handed on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bot.telegram.conftest import Telegram
from tests.bot.telegram.updates import new_user_id, update

DATA = Path(__file__).resolve().parents[2] / "data"


def _photo(user: int, file_id: str, **changes: Any) -> dict[str, Any]:
    body = update("photo", user=user, language="en")
    body["message"]["photo"][-1]["file_id"] = file_id
    body["message"]["photo"][-1].update(changes)
    return body


def _document(user: int, file_id: str, name: str, size: int) -> dict[str, Any]:
    body = update("document", user=user, language="en")
    body["message"]["document"].update(file_id=file_id, file_name=name, file_size=size)
    return body


async def test_a_photo_is_downloaded_at_its_largest_size_and_kept(telegram: Telegram) -> None:
    jpg = (DATA / "tiny.jpg").read_bytes()
    telegram.fake.add_file("photo-large-1", jpg)
    body = _photo(new_user_id(), "photo-large-1")
    del body["message"]["caption"]
    said = await telegram.said(body)
    assert [c.params["file_id"] for c in telegram.fake.of("getFile")] == ["photo-large-1"]
    # No claim waits for it: the engine says so (the file was taken, not refused).
    assert "I received your file" in said[0]


async def test_a_photos_caption_is_its_text(telegram: Telegram) -> None:
    telegram.fake.add_file("photo-large-2", (DATA / "tiny.jpg").read_bytes())
    body = _photo(new_user_id(), "photo-large-2")
    body["message"]["caption"] = "what is JKK?"
    said = await telegram.said(body)
    assert "JKK" in said[0] and "I received your file" not in said[0]


async def test_a_pdf_document_is_taken_by_its_content(telegram: Telegram) -> None:
    pdf = (DATA / "pdf-named.jpg").read_bytes()
    telegram.fake.add_file("doc-pdf-1", pdf)
    said = await telegram.said(_document(new_user_id(), "doc-pdf-1", "scan.jpg", len(pdf)))
    assert "I received your file" in said[0]


async def test_a_file_that_is_no_photo_or_pdf_is_refused(telegram: Telegram) -> None:
    exe = (DATA / "exe-named.pdf").read_bytes()
    telegram.fake.add_file("doc-exe-1", exe)
    said = await telegram.said(_document(new_user_id(), "doc-exe-1", "paspor.pdf", len(exe)))
    assert len(said) == 1 and "JPG or PNG photos and PDF files" in said[0]


async def test_a_refusal_follows_the_users_telegram_language(telegram: Telegram) -> None:
    exe = (DATA / "program.exe").read_bytes()
    telegram.fake.add_file("doc-exe-2", exe)
    body = _document(new_user_id(), "doc-exe-2", "program.exe", len(exe))
    body["message"]["from"]["language_code"] = "id"
    said = await telegram.said(body)
    assert "foto JPG atau PNG dan file PDF" in said[0]


async def test_a_file_over_6_mb_is_refused_without_downloading_it(telegram: Telegram) -> None:
    body = _document(new_user_id(), "doc-big-1", "scan.pdf", 7 * 1024 * 1024)
    said = await telegram.said(body)
    assert "larger than 6 MB" in said[0]
    assert telegram.fake.of("getFile") == []


async def test_a_file_telegram_cant_hand_over_is_asked_for_again(telegram: Telegram) -> None:
    telegram.fake.fail_next("getFile", 400, "Bad Request: file is too big")
    said = await telegram.said(_photo(new_user_id(), "photo-gone-1"))
    assert "couldn't receive your file" in said[0]
