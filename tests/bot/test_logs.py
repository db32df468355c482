"""Personal numbers never reach a log line."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.logs import MaskingFilter, configure_logging, mask_numbers


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("nik 3273054508900002 ok", "nik ************0002 ok"),
        ("kpj 21034567890", "kpj *******7890"),
        ("rekening 1234-5678-9012", "rekening ********9012"),
        ("claim CLM-4K7Q2M9T on 2026-11-21, 3 items", "claim CLM-4K7Q2M9T on 2026-11-21, 3 items"),
    ],
)
def test_mask_numbers(raw: str, masked: str) -> None:
    assert mask_numbers(raw) == masked


def test_filter_masks_arguments_too(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("jamsos.test.masking")
    handler_filter = MaskingFilter()
    logger.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger="jamsos.test.masking"):
            logger.info("linking %s with %s", "3273054508900002", "21034567890")
    finally:
        logger.removeFilter(handler_filter)
    assert "3273054508900002" not in caplog.text
    assert "************0002" in caplog.text and "*******7890" in caplog.text


def test_filter_masks_tracebacks_too() -> None:
    record = logging.LogRecord("jamsos.test", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise ValueError("Key (nik)=(3273054508900002) already exists.")
    except ValueError:
        record.exc_info = sys.exc_info()
    MaskingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "3273054508900002" not in text
    assert "************0002" in text


def test_the_database_drivers_debug_lines_are_never_on() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure_logging("DEBUG")
        assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_httpx_request_lines_are_off_they_hold_the_bot_token() -> None:
    # "HTTP Request: POST https://api.telegram.org/bot<token>/sendMessage": one per message.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("httpx").isEnabledFor(logging.WARNING)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.getLogger("httpx").setLevel(logging.NOTSET)
