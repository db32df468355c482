"""Rupiah with Indonesian digit grouping, the same in both languages."""

from __future__ import annotations

import pytest

from dialogues.i18n import Catalogs, use_language
from dialogues.rules.money import format_rupiah
from nlu import Language


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (999, "Rp999"),
        (1_000, "Rp1.000"),
        (6_800, "Rp6.800"),
        (1_234_567, "Rp1.234.567"),
        (10_042_300, "Rp10.042.300"),
        (1_000_000_000_000, "Rp1.000.000.000.000"),
        (-1_500, "-Rp1.500"),
    ],
)
def test_format_rupiah_groups_thousands_with_dots(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("language", list(Language))
def test_format_rupiah_is_the_same_in_both_languages(language: Language) -> None:
    with use_language(Catalogs(), language):
        assert format_rupiah(5_000_000) == "Rp5.000.000"
