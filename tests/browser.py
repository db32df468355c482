"""Headless Chromium for page tests: Debian's chromium, driven by Playwright, never downloaded.

Under CI=true a missing chromium fails the module (the set-up installs it: `make browser`);
elsewhere the module is skipped. Playwright launches it with `executable_path` and the flags
this machine needs (no sandbox as root, no background networking on a closed network).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    """Return chromium's path; call at module level (skips or fails the module without it)."""
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        if IN_CI:
            pytest.fail("CI=true but chromium is not installed (make test installs it)")
        pytest.skip("the browser tests need Debian's chromium", allow_module_level=True)
    return found
