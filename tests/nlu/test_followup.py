"""Follow-up questions that only switch the program."""

from __future__ import annotations

import pytest

from nlu.followup import is_followup


@pytest.mark.parametrize(
    "text",
    [
        "kalau JKM?",
        "klo jkm gmn",
        "what about JKM?",
        "how about JP",
        "terus jkk?",
        "and JKP?",
        "yg jp?",
        "jkm?",
        "kalau jaminan kematian gimana kak?",
        "gimana dengan jkm",
        "kalau jkm dan jkk?",
        "What about the old age savings?",
        "kalau jkm pula?",
    ],
)
def test_followups(text: str) -> None:
    assert is_followup(text)


@pytest.mark.parametrize(
    "text",
    [
        "apa itu jkm",
        "mau klaim jkm",
        "jkm",  # a bare answer, not a question
        "kalau jkm apa bisa diambil sekarang?",
        "dokumen jkk apa aja",
        "kalau saya di-PHK?",  # no program named
        "halo",
        "",
        "   ",
        "?",
    ],
)
def test_not_followups(text: str) -> None:
    assert not is_followup(text)
