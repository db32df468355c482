"""Logging set-up, with personal numbers masked in every line.

NIK (16 digits), KPJ (11 digits) and bank account numbers (8 to 20 digits) are masked
wherever they appear in a log message, its arguments or its traceback, before any handler
formats them (PostgreSQL puts the value into a unique violation's message: "Key (nik)=...").
"""

from __future__ import annotations

import logging
import re

# A run of 8 or more digits, maybe in groups of 3+ split by spaces or dashes, is treated as a
# personal number; dates (2026-11-21) and short numbers are left alone.
_NUMBER = re.compile(r"(?<![\d-])(\d{3,}(?:[ -]\d{3,})*)(?![\d])")


def mask_numbers(text: str) -> str:
    """Return `text` with every long number masked except its last 4 digits."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) < 8:
            return match.group(1)
        return "*" * (len(digits) - 4) + digits[-4:]

    return _NUMBER.sub(_mask, text)


class MaskingFilter(logging.Filter):
    """Mask personal numbers in a record's message before it is formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (arguments applied) and traceback, numbers masked."""
        record.msg = mask_numbers(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse `exc_text` when set, so the raw traceback is never printed.
            record.exc_text = mask_numbers(_FORMATTER.formatException(record.exc_info))
        return True


_FORMATTER = logging.Formatter()


def configure_logging(level: str) -> None:
    """Log to standard error, masking personal numbers on every handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # aiosqlite's DEBUG lines quote every statement's parameters (NIK, KPJ): not even masked.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
    # httpx logs every request at INFO with its URL, and a Bot API URL holds the bot's token:
    # a line per message sent, and a secret in the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
