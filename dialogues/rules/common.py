"""What every program's rules share: the decision, the criteria checks, dates and time zones.

Date arithmetic follows one convention everywhere: a period of N months ends on the same day
of the month N months later, or on the last day of that month when it is shorter
(31 January + 1 month = 28 or 29 February). Ages follow it too: a person born on 29 February
turns a year older on 28 February in years without one (see `Caveat.LEAP_DAY_BIRTHDAY`).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.documents import Document
from dialogues.rules.facts import JhtReason
from dialogues.rules.reasons import Reason
from nlu import Program

DEFAULT_TIMEZONE = "Asia/Jakarta"
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
"""Dates outside this range are refused as facts: no participant lives then."""


@dataclass(frozen=True, slots=True)
class Route:
    """Another claim the worker can make instead: a program, and for JHT the reason."""

    program: Program
    jht_reason: JhtReason | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to "can I claim?": the contract's fields plus what the walkthroughs need.

    `max_percent` is set for JHT only (the share of the balance the reason pays: 10, 30 or
    100). `caveats` name what the decision rests on that facts.md marks uncertain;
    `alternatives` name what the worker can claim instead. Neither is in the HTTP answer.
    """

    program: Program
    eligible: bool
    earliest_date: date | None
    reasons: tuple[Reason, ...]
    documents: tuple[Document, ...]
    max_percent: int | None = None
    caveats: tuple[Caveat, ...] = ()
    alternatives: tuple[Route, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the decision in the HTTP API's shape (`max_percent` only for JHT)."""
        data: dict[str, Any] = {
            "program": self.program.value,
            "eligible": self.eligible,
            "earliest_date": self.earliest_date.isoformat() if self.earliest_date else None,
        }
        if self.program == Program.JHT:
            data["max_percent"] = self.max_percent
        data["reasons"] = [r.value for r in self.reasons]
        data["documents"] = [d.value for d in self.documents]
        return data


@dataclass(frozen=True, slots=True)
class Check:
    """One criterion's outcome: passed, failed for good, waiting until a date, or unknown."""

    reason: Reason | None = None
    until: date | None = None
    missing: str | None = None


PASSED = Check()


def fail(reason: Reason) -> Check:
    """A criterion that fails and that time alone will not fix."""
    return Check(reason=reason)


def wait(reason: Reason, until: date) -> Check:
    """A criterion that passes on `until`: waiting is all that stands in the way."""
    return Check(reason=reason, until=until)


def unknown(field: str) -> Check:
    """A criterion whose fact was not given."""
    return Check(missing=field)


def conclude(
    program: Program,
    checks: Sequence[Check],
    *,
    granted: Reason,
    documents: tuple[Document, ...],
    max_percent: int | None = None,
    notes: tuple[Reason, ...] = (),
    caveats: tuple[Caveat, ...] = (),
    alternatives: tuple[Route, ...] = (),
) -> Decision:
    """Combine the checks of one claim into its decision.

    A criterion that fails for good decides at once (with every other failing or waiting
    criterion listed), however many facts are still unknown: a missing fact is asked for only
    when the outcome depends on it. Otherwise the first unknown fact raises `MissingFact`;
    otherwise the claim waits until the last waiting criterion passes; otherwise it is
    granted on `granted`. `notes` are appended to the reasons in every case; the documents
    are given unless the claim can never be made.
    """
    failing = [c.reason for c in checks if c.reason is not None]
    if any(c.reason is not None and c.until is None for c in checks):
        return Decision(
            program,
            eligible=False,
            earliest_date=None,
            reasons=(*failing, *notes),
            documents=(),
            max_percent=max_percent,
            caveats=caveats,
            alternatives=alternatives,
        )
    missing = [c.missing for c in checks if c.missing is not None]
    if missing:
        raise MissingFact(missing[0])
    dates = [c.until for c in checks if c.until is not None]
    return Decision(
        program,
        eligible=not dates,
        earliest_date=max(dates) if dates else None,
        reasons=(*failing, *notes) if dates else (granted, *notes),
        documents=documents,
        max_percent=max_percent,
        caveats=caveats,
        alternatives=alternatives,
    )


def add_months(start: date, months: int) -> date:
    """Return `start` plus `months` calendar months, clamped to the end of a shorter month."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """Return `start` plus `years` years (29 February becomes 28 February when needed)."""
    return add_months(start, 12 * years)


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on a date; a 29 February birthday counts on 28 February."""
    age = on.year - birth_date.year
    return age if add_years(birth_date, age) <= on else age - 1


def is_leap_day(day: date) -> bool:
    """Tell whether a date is 29 February."""
    return day.month == 2 and day.day == 29


def zone(name: str | None) -> ZoneInfo:
    """Return an IANA time zone by name (default Asia/Jakarta); `InvalidFact` if unknown."""
    try:
        return ZoneInfo(DEFAULT_TIMEZONE if name is None else name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise InvalidFact("timezone", "not an IANA time zone name") from error


def today_in(timezone: str | None = None, now: datetime | None = None) -> date:
    """Return today's date in the user's time zone: the default `as_of` of every decision.

    `now` is the clock's reading (time zone-aware; the real clock when None), so tests and
    replays are reproducible. A worker in Taipei at 00:30 on the 15th is on the 15th even
    though Jakarta is still on the 14th.
    """
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must be time zone-aware")
    return moment.astimezone(zone(timezone)).date()


def check_date(field: str, value: date, *, not_after: date | None = None) -> date:
    """Refuse a date outside 1900-2199, or after `not_after` (an event that can't be future)."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidFact(field, "must be between 1900-01-01 and 2199-12-31")
    if not_after is not None and value > not_after:
        raise InvalidFact(field, "can't be after as_of")
    return value


def check_count(field: str, value: int, *, maximum: int) -> int:
    """Refuse a negative count, or one above `maximum`."""
    if not 0 <= value <= maximum:
        raise InvalidFact(field, f"must be between 0 and {maximum}")
    return value
