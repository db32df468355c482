"""Numbers as people write them: counts of months or years, and rupiah amounts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues.numbers import NumberProblem, Unit, find_amount, parse_amount, parse_count
from dialogues.rules.money import format_rupiah


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("12", 12),
        ("12 bulan", 12),
        ("12 bln", 12),
        ("kira-kira 14 bulan kak", 14),
        ("2 tahun", 24),
        ("2 thn.", 24),
        ("1,5 tahun", 18),
        ("1 tahun 6 bulan", 18),
        ("setahun", 12),
        ("dua belas", 12),
        ("twelve months", 12),
        ("18 months", 18),
        ("0", 0),
        ("belum pernah", 0),
    ],
)
def test_counts_of_months(text: str, months: int) -> None:
    assert parse_count(text, unit=Unit.MONTHS, maximum=1200) == months


@pytest.mark.parametrize(
    ("text", "years"),
    [("5", 5), ("5 tahun", 5), ("5 years", 5), ("36 bulan", 3), ("40 bulan", 3)],
)
def test_counts_of_years_take_whole_years(text: str, years: int) -> None:
    assert parse_count(text, unit=Unit.YEARS, maximum=100) == years


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5", NumberProblem.NEGATIVE),
        ("minus 3", NumberProblem.NEGATIVE),
        ("30", NumberProblem.TOO_LARGE),
        ("3 tahun", NumberProblem.TOO_LARGE),
        ("banyak", NumberProblem.UNREADABLE),
        ("12 atau 13", NumberProblem.UNREADABLE),
        ("2,5 bulan", NumberProblem.UNREADABLE),
        ("kapan-kapan", NumberProblem.UNREADABLE),
    ],
)
def test_counts_that_cant_be_used_say_why(text: str, problem: NumberProblem) -> None:
    assert parse_count(text, unit=Unit.MONTHS, maximum=24) == problem


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("5000000", 5_000_000),
        ("5.000.000", 5_000_000),
        ("5,000,000", 5_000_000),
        ("Rp5.000.000", 5_000_000),
        ("Rp 7.500.000,-", 7_500_000),
        ("IDR 3500000", 3_500_000),
        ("5 juta", 5_000_000),
        ("5jt", 5_000_000),
        ("5,5 jt", 5_500_000),
        ("4.75 juta", 4_750_000),
        ("500rb", 500_000),
        ("500 ribu", 500_000),
        ("500k", 500_000),
        ("12 million", 12_000_000),
        ("gaji saya 8 juta sebulan", 8_000_000),
        ("Rp5", 5),
    ],
)
def test_rupiah_amounts(text: str, amount: int) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5 juta", NumberProblem.NEGATIVE),
        ("5", NumberProblem.AMBIGUOUS),
        ("5 juta atau 6 juta", NumberProblem.UNREADABLE),
        ("lumayan", NumberProblem.UNREADABLE),
        ("9999999999999", NumberProblem.TOO_LARGE),
    ],
)
def test_amounts_that_cant_be_used_say_why(text: str, problem: NumberProblem) -> None:
    assert parse_amount(text) == problem


def test_only_clear_money_is_found_in_a_sentence() -> None:
    assert find_amount("pajak jht 80 juta berapa?") == 80_000_000
    assert find_amount("hitung iuran gaji Rp 4.500.000") == 4_500_000
    assert find_amount("kontrak 12 bulan") is None
    assert find_amount("iuran pmi berapa?") is None
    assert find_amount("5 juta atau 6 juta") is None


@given(amount=st.integers(min_value=1_000, max_value=10**11))
def test_amounts_read_back_as_written(amount: int) -> None:
    assert parse_amount(format_rupiah(amount)) == amount
    assert parse_amount(str(amount)) == amount
