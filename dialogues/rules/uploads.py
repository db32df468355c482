"""The upload rules a claim filing enforces on scanned documents, and the check by content.

facts.md §5 gives JPG/JPEG, PNG or PDF files of at most 6 MB each for Lapak Asik uploads, but
marks them ⚠️ not confirmed in any stored source: every text that states them says so
(`Caveat`-like wording in the flows) and points to the live form and Care Center 175.

The type is decided by the file's first bytes, never by its name or the type a client
claims: a PDF named `.jpg` is a PDF, an EXE named `.pdf` (`MZ...`) is refused.
"""

from __future__ import annotations

from enum import StrEnum

ALLOWED_TYPES = ("JPG", "PNG", "PDF")
"""File types accepted (JPEG counts as JPG)."""
ALLOWED_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".pdf"})
MAX_FILE_MB = 6
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
CONFIRMED = False
"""Whether Lapak Asik's own form confirms these rules (facts.md: not yet)."""


class FileType(StrEnum):
    """An accepted file type, by its media type."""

    JPG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"

    @property
    def extension(self) -> str:
        """The file name extension stored files of this type get."""
        return {FileType.JPG: ".jpg", FileType.PNG: ".png", FileType.PDF: ".pdf"}[self]

    @property
    def is_image(self) -> bool:
        """Whether it is a photo (JPG or PNG), as a face photo must be."""
        return self is not FileType.PDF


class UploadProblem(StrEnum):
    """Why a file is refused."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_ALLOWED = "not_allowed"


_SIGNATURES = (
    (b"\xff\xd8\xff", FileType.JPG),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"%PDF-", FileType.PDF),
)


def sniff(data: bytes) -> FileType | None:
    """Return the accepted type the bytes start like, or None (an EXE, a ZIP, text...)."""
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def check_upload(data: bytes) -> FileType | UploadProblem:
    """Return the file's type if it may be uploaded, else what is wrong with it."""
    if not data:
        return UploadProblem.EMPTY
    if len(data) > MAX_FILE_BYTES:
        return UploadProblem.TOO_LARGE
    return sniff(data) or UploadProblem.NOT_ALLOWED
