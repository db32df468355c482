"""Dates and time zones every rule counts with."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dialogues.errors import InvalidFact
from dialogues.rules.common import add_months, add_years, age_on, check_date, today_in
from tests.rules.conftest import moment


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_add_years_moves_29_february_to_28_february_in_other_years() -> None:
    assert add_years(date(2000, 2, 29), 1) == date(2001, 2, 28)
    assert add_years(date(2000, 2, 29), 4) == date(2004, 2, 29)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1970, 6, 10), date(2026, 6, 9), 55),
        (date(1970, 6, 10), date(2026, 6, 10), 56),
        (date(1970, 2, 28), date(2026, 2, 27), 55),
        (date(1970, 2, 28), date(2026, 2, 28), 56),
        (date(1972, 2, 29), date(2027, 2, 27), 54),
        (date(1972, 2, 29), date(2027, 2, 28), 55),
        (date(1972, 2, 29), date(2028, 2, 28), 55),
        (date(1972, 2, 29), date(2028, 2, 29), 56),
        (date(1970, 12, 31), date(2027, 1, 1), 56),
    ],
)
def test_age_on_a_date_counts_whole_years_including_29_february(
    birth: date, on: date, age: int
) -> None:
    assert age_on(birth, on) == age


def test_today_in_is_the_date_where_the_user_is() -> None:
    # 16:30 UTC on 14 January: already the 15th in Taipei, still the 14th in Jakarta and Riyadh.
    now = datetime(2026, 1, 14, 16, 30, tzinfo=UTC)
    assert today_in("Asia/Taipei", now) == date(2026, 1, 15)
    assert today_in("Asia/Jakarta", now) == date(2026, 1, 14)
    assert today_in("Asia/Riyadh", now) == date(2026, 1, 14)
    assert today_in(None, now) == date(2026, 1, 14)


def test_today_in_at_local_midnight_half_past() -> None:
    day = date(2026, 3, 1)
    for zone in ("Asia/Jakarta", "Asia/Taipei", "Asia/Riyadh"):
        assert today_in(zone, moment(day, zone)) == day
    # The Taipei moment is still 28 February in Jakarta.
    assert today_in("Asia/Jakarta", moment(day, "Asia/Taipei")) == date(2026, 2, 28)


@pytest.mark.parametrize("name", ["", "Mars/Base", "../../etc/passwd", "Asia", "a\x00b", "x" * 300])
def test_today_in_refuses_an_unknown_time_zone(name: str) -> None:
    with pytest.raises(InvalidFact) as error:
        today_in(name, datetime(2026, 1, 1, tzinfo=UTC))
    assert error.value.field == "timezone"


def test_today_in_refuses_a_naive_clock() -> None:
    with pytest.raises(ValueError, match="aware"):
        today_in("Asia/Jakarta", datetime(2026, 1, 1))  # noqa: DTZ001


def test_dates_outside_1900_to_2199_are_refused() -> None:
    with pytest.raises(InvalidFact):
        check_date("birth_date", date(1899, 12, 31))
    with pytest.raises(InvalidFact):
        check_date("birth_date", date(2200, 1, 1))
    with pytest.raises(InvalidFact, match="after as_of"):
        check_date("birth_date", date(2026, 1, 2), not_after=date(2026, 1, 1))
    assert check_date("birth_date", date(2026, 1, 1), not_after=date(2026, 1, 1))
