"""Dates as people write them: `dialogues.dates.parse_date` and `format_date`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues.dates import DateProblem, format_date, parse_date
from nlu import Language

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Numbers, day first as Indonesians write them.
        ("15/10/2026", date(2026, 10, 15)),
        ("15-10-2026", date(2026, 10, 15)),
        ("15.10.2026", date(2026, 10, 15)),
        ("5/1/2010", date(2010, 1, 5)),
        ("15/10/70", date(1970, 10, 15)),
        ("15.10.26", date(2026, 10, 15)),
        ("2026-10-15", date(2026, 10, 15)),
        # Month first only when nothing else makes sense.
        ("10/15/2026", date(2026, 10, 15)),
        # Month names, Indonesian and English, full or short.
        ("15 Oktober 2026", date(2026, 10, 15)),
        ("15 okt 2026", date(2026, 10, 15)),
        ("1 Agustus 2025", date(2025, 8, 1)),
        ("17 agt 2025", date(2025, 8, 17)),
        ("3 Mei 2024", date(2024, 5, 3)),
        ("October 15, 2026", date(2026, 10, 15)),
        ("Oct 15", date(2026, 10, 15)),
        ("15 Oct", date(2026, 10, 15)),
        ("15th of October", date(2026, 10, 15)),
        ("1 Des 2025", date(2025, 12, 1)),
        # Words around the date.
        ("tgl 15 okt 2026 kak", date(2026, 10, 15)),
        ("saya lahir 15/10/1970", date(1970, 10, 15)),
        # Relative dates.
        ("hari ini", TODAY),
        ("today", TODAY),
        ("kemarin", date(2026, 11, 20)),
        ("kmrn", date(2026, 11, 20)),
        ("yesterday", date(2026, 11, 20)),
        ("2 minggu lalu", date(2026, 11, 7)),
        ("3 hari yang lalu", date(2026, 11, 18)),
        ("3 hari yg lalu", date(2026, 11, 18)),
        ("seminggu lalu", date(2026, 11, 14)),
        ("a week ago", date(2026, 11, 14)),
        ("bulan lalu", date(2026, 10, 21)),
        ("bln kmrn", date(2026, 10, 21)),
        ("sebulan yang lalu", date(2026, 10, 21)),
        ("last month", date(2026, 10, 21)),
        ("2 months ago", date(2026, 9, 21)),
        ("2 bln lalu", date(2026, 9, 21)),
        ("2 bulan lepas", date(2026, 9, 21)),
        ("tahun lalu", date(2025, 11, 21)),
        ("last year", date(2025, 11, 21)),
    ],
)
def test_dates_people_write(text: str, expected: date) -> None:
    assert parse_date(text, TODAY, past_only=True) == expected
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("besok", date(2026, 11, 22)),
        ("tomorrow", date(2026, 11, 22)),
        ("2 minggu lagi", date(2026, 12, 5)),
        ("in 2 weeks", date(2026, 12, 5)),
        ("bulan depan", date(2026, 12, 21)),
        ("1 Desember 2026", date(2026, 12, 1)),
    ],
)
def test_future_dates_are_read_but_refused_where_the_past_is_needed(
    text: str, expected: date
) -> None:
    assert parse_date(text, TODAY) == expected
    assert parse_date(text, TODAY, past_only=True) == DateProblem.FUTURE


def test_a_month_back_is_clamped_to_the_end_of_a_shorter_month() -> None:
    assert parse_date("bulan lalu", date(2026, 3, 31)) == date(2026, 2, 28)
    assert parse_date("last month", date(2028, 3, 31)) == date(2028, 2, 29)
    assert parse_date("tahun lalu", date(2028, 2, 29)) == date(2027, 2, 28)


def test_a_date_without_a_year_is_the_last_one_for_past_questions() -> None:
    # 15 December has not come yet this year: the last one was in 2025.
    assert parse_date("15 Des", TODAY, past_only=True) == date(2025, 12, 15)
    assert parse_date("Dec 15", TODAY, past_only=True) == date(2025, 12, 15)
    assert parse_date("21/11", TODAY, past_only=True) == TODAY
    # Otherwise the nearest: a last day of work three weeks ahead.
    assert parse_date("15 Des", TODAY) == date(2026, 12, 15)
    assert parse_date("29 feb", TODAY, past_only=True) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31/02/2026", DateProblem.IMPOSSIBLE),
        ("02/31/2026", DateProblem.IMPOSSIBLE),
        ("29/02/2027", DateProblem.IMPOSSIBLE),
        ("31 April 2026", DateProblem.IMPOSSIBLE),
        ("13/13/2026", DateProblem.IMPOSSIBLE),
        ("0/5/2026", DateProblem.IMPOSSIBLE),
        ("31 juni", DateProblem.IMPOSSIBLE),
        ("15/10/1800", DateProblem.OUT_OF_RANGE),
        ("Oktober 2014", DateProblem.NEEDS_DAY),
        ("march 2020", DateProblem.NEEDS_DAY),
        ("kapan-kapan", DateProblem.UNREADABLE),
        ("-5", DateProblem.UNREADABLE),
        ("12", DateProblem.UNREADABLE),
        ("", DateProblem.UNREADABLE),
        ("udah lama", DateProblem.UNREADABLE),
    ],
)
def test_dates_that_cant_be_used_say_why(text: str, problem: DateProblem) -> None:
    assert parse_date(text, TODAY, past_only=True) == problem


def test_a_future_date_is_refused_only_where_the_past_is_needed() -> None:
    assert parse_date("15/10/2030", TODAY, past_only=True) == DateProblem.FUTURE
    assert parse_date("15/10/2030", TODAY) == date(2030, 10, 15)


def test_two_digit_years_lean_to_the_past_for_past_questions() -> None:
    assert parse_date("15/10/30", TODAY, past_only=True) == date(1930, 10, 15)
    assert parse_date("15/10/30", TODAY) == date(2030, 10, 15)


def test_dates_are_formatted_as_people_read_them() -> None:
    assert format_date(date(2026, 12, 15), Language.ID) == "15 Desember 2026"
    assert format_date(date(2026, 12, 15), Language.EN) == "15 December 2026"
    assert format_date(date(2027, 2, 1), Language.ID) == "1 Februari 2027"


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@given(day=days)
def test_every_written_form_reads_back(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        format_date(day, Language.ID),
        format_date(day, Language.EN),
    ):
        assert parse_date(text, TODAY) == day, text


@given(today=days, back=st.integers(min_value=0, max_value=400))
def test_days_ago_count_back_from_today(today: date, back: int) -> None:
    expected = today - timedelta(days=back)
    if expected >= date(1900, 1, 1):
        assert parse_date(f"{back} hari lalu", today, past_only=True) == expected
