"""Clocks for the rule tests: "today" in the user's time zone, from a fixed moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dialogues.rules import today_in

ZONES = ("Asia/Jakarta", "Asia/Taipei", "Asia/Riyadh")
"""Jakarta, and two places where many migrant workers live (UTC+8 and UTC+3)."""

Today = Callable[[date], date]


def moment(day: date, zone: str, hour: int = 0, minute: int = 30) -> datetime:
    """Return the UTC moment at which it is `hour:minute` on `day` in `zone`."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> str:
    """Each time zone a user may be in."""
    name: str = request.param
    return name


@pytest.fixture
def today(zone: str) -> Today:
    """Return `as_of` as the API defaults it: today in the user's zone, read from a fixed clock.

    The clock reads 00:30 local time, when Jakarta (for Taipei) or Riyadh (for Jakarta) is
    still on the day before, so a decision that used the wrong zone would be a day off.
    """

    def as_of(day: date) -> date:
        resolved = today_in(zone, moment(day, zone))
        assert resolved == day
        return resolved

    return as_of
