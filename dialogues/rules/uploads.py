"""The upload rules a claim filing enforces on scanned documents.

facts.md §5 gives JPG/JPEG, PNG or PDF files of at most 6 MB each for Lapak Asik uploads, but
marks them ⚠️ not confirmed in any stored source: every text that states them says so
(`Caveat`-like wording in the flows) and points to the live form and Care Center 175.
"""

from __future__ import annotations

ALLOWED_TYPES = ("JPG", "PNG", "PDF")
"""File types accepted (JPEG counts as JPG)."""
ALLOWED_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".pdf"})
MAX_FILE_MB = 6
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
CONFIRMED = False
"""Whether Lapak Asik's own form confirms these rules (facts.md: not yet)."""
