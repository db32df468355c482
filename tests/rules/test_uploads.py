"""The upload check decides the type by the file's bytes, never by its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogues.rules.uploads import MAX_FILE_BYTES, FileType, UploadProblem, check_upload, sniff

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tiny.jpg", FileType.JPG),
        ("tiny.png", FileType.PNG),
        ("tiny.pdf", FileType.PDF),
        ("pdf-named.jpg", FileType.PDF),
        ("program.exe", UploadProblem.NOT_ALLOWED),
        ("exe-named.pdf", UploadProblem.NOT_ALLOWED),
    ],
)
def test_the_content_decides(name: str, expected: FileType | UploadProblem) -> None:
    assert check_upload((DATA / name).read_bytes()) == expected


def test_empty_and_oversized_files_are_refused() -> None:
    assert check_upload(b"") == UploadProblem.EMPTY
    assert check_upload(b"%PDF-" + b"0" * MAX_FILE_BYTES) == UploadProblem.TOO_LARGE
    assert check_upload(b"%PDF-" + b"0" * (MAX_FILE_BYTES - 5)) == FileType.PDF


def test_text_and_html_are_not_documents() -> None:
    assert sniff(b"<html><script>alert(1)</script>") is None
    assert sniff(b"GIF89a") is None
    assert sniff(b" %PDF-1.4") is None


def test_types_know_their_extension_and_whether_they_are_photos() -> None:
    assert [t.extension for t in FileType] == [".jpg", ".png", ".pdf"]
    assert FileType.JPG.is_image and FileType.PNG.is_image and not FileType.PDF.is_image
