"""Dates as people write them in a chat, in Indonesian and English.

`parse_date(text, today)` reads what a worker types when asked for a date and returns a
`date`, or a `DateProblem` saying why it can't be used, so the question can be asked again
with the reason. It is pure: "today" is passed in (today in the user's time zone).

Understood, with or without words around them ("tgl 15 okt 2026 kak"):

- numbers: `15/10/2026`, `15-10-2026`, `15.10.26`, `2026-10-15`; day first, as Indonesians
  write it, unless only month first makes sense (`10/15/2026`);
- month names, Indonesian and English, full or short: `15 Oktober 2026`, `15 okt 2026`,
  `Oct 15`, `October 15, 2026`, `15th Oct`; a month with a year but no day is `NEEDS_DAY`;
- relative: `hari ini`, `today`, `kemarin`, `yesterday`, `besok`, `tomorrow`,
  `2 minggu lalu`, `3 hari yang lalu`, `bulan lalu`, `last month`, `2 months ago`,
  `tahun lalu`, `sebulan lalu`, `in 2 weeks`, `2 minggu lagi`, Malay `2 bulan lepas`. A
  month back is the same day of that month, clamped to its end (31 March, `bulan lalu` ->
  28 or 29 February).

A date without a year takes the most recent one not after today when the question needs a
past date (`past_only`), and the nearest one otherwise.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from babel.dates import format_date as babel_format_date

from dialogues.rules.common import EARLIEST_DATE, LATEST_DATE, add_months
from nlu import Language


class DateProblem(StrEnum):
    """Why a text can't be used as the date asked for."""

    UNREADABLE = "unreadable"
    IMPOSSIBLE = "impossible"
    FUTURE = "future"
    OUT_OF_RANGE = "out_of_range"
    NEEDS_DAY = "needs_day"


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar mrt",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags aug agst",
        "september sep sept",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'?\d{2})"
_B, _E = r"(?<![\w/.-])", r"(?![\w/-]|\.\d)"

_ISO = re.compile(_B + r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _E)
_NUMERIC = re.compile(
    _B + r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})(?:[-/.](?P<year>\d{4}|\d{2}))?" + _E
)
_DAY_MONTH = re.compile(
    _B + _DAY + r"\s*-?\s*(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + ")?" + _E
)
_MONTH_DAY = re.compile(_B + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + ")?" + _E)
_MONTH_YEAR = re.compile(_B + _MONTH + r",?\s+(?P<year>\d{4})" + _E)

_UNITS = {
    "hari": "days", "hr": "days", "day": "days", "days": "days",
    "minggu": "weeks", "mgg": "weeks", "mg": "weeks", "pekan": "weeks", "week": "weeks",
    "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "bulan": "months", "bln": "months", "bl": "months", "month": "months", "months": "months",
    "mo": "months", "mos": "months",
    "tahun": "years", "thn": "years", "th": "years", "year": "years", "years": "years",
    "yr": "years", "yrs": "years",
}  # fmt: skip
_UNIT = "(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_COUNT = r"(?P<count>\d{1,3}|se|a|an|one|satu)"
_AGO = re.compile(
    _B
    + _COUNT
    + r"\s*"
    + _UNIT
    + r"\s+(?:(?:yang|yg)\s+)?(?P<dir>lalu|ago|sebelumnya|lepas|lagi)\b"
)
_IN = re.compile(r"\bin\s+" + _COUNT + r"\s+" + _UNIT + r"\b")
_LAST_NEXT = re.compile(
    r"\b(?:(?P<unit1>" + "|".join(_UNITS) + r")\s+(?P<dir1>lalu|kemarin|kemaren|kmrn|depan)"
    r"|(?P<dir2>last|next)\s+(?P<unit2>week|month|year))\b"
)
_WORDS = {
    "hari ini": 0, "today": 0, "sekarang": 0, "now": 0, "kemarin lusa": -2,
    "day before yesterday": -2, "kemarin": -1, "kemaren": -1, "kmrn": -1, "kmarin": -1,
    "yesterday": -1, "besok": 1, "besuk": 1, "tomorrow": 1, "lusa": 2,
}  # fmt: skip
_NEGATIVE_NUMBER = re.compile(r"(?<![\w/.-])-\s*\d")


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _checked(day: date, today: date, past_only: bool) -> date | DateProblem:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return DateProblem.OUT_OF_RANGE
    if past_only and day > today:
        return DateProblem.FUTURE
    return day


def _build(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(raw: str, today: date, past_only: bool) -> int:
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    latest = today.year if past_only else today.year + 10
    return year if year <= latest else year - 100


def _infer_year(month: int, day: int, today: date, past_only: bool) -> date | DateProblem:
    if _build(2000, month, day) is None:  # 2000 is a leap year: only impossible days fail
        return DateProblem.IMPOSSIBLE
    if past_only:
        for year in range(today.year, today.year - 9, -1):
            found = _build(year, month, day)
            if found is not None and found <= today:
                return found
        return DateProblem.IMPOSSIBLE
    candidates = [
        found
        for year in range(today.year - 4, today.year + 5)
        if (found := _build(year, month, day)) is not None
    ]
    return min(candidates, key=lambda d: (abs((d - today).days), d > today))


def _from_parts(
    year: str | None, month: int, day: int, today: date, past_only: bool
) -> date | DateProblem:
    if not 1 <= month <= 12:
        return DateProblem.IMPOSSIBLE
    if year is None:
        return _infer_year(month, day, today, past_only)
    built = _build(_full_year(year, today, past_only), month, day)
    return DateProblem.IMPOSSIBLE if built is None else built


def _absolute(text: str, today: date, past_only: bool) -> date | DateProblem | None:
    if match := _ISO.search(text):
        return _from_parts(match["year"], int(match["month"]), int(match["day"]), today, past_only)
    if match := _NUMERIC.search(text):
        day, month = int(match["day"]), int(match["month"])
        if month > 12 >= day:  # 10/15/2026: only month first makes sense
            day, month = month, day
        return _from_parts(match["year"], month, day, today, past_only)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if match := pattern.search(text):
            month = MONTHS[match["month"]]
            return _from_parts(match["year"], month, int(match["day"]), today, past_only)
    if _MONTH_YEAR.search(text):
        return DateProblem.NEEDS_DAY
    return None


def _shift(today: date, unit: str, count: int) -> date | None:
    try:
        if unit == "days":
            return today + timedelta(days=count)
        if unit == "weeks":
            return today + timedelta(weeks=count)
        return add_months(today, count * (12 if unit == "years" else 1))
    except (OverflowError, ValueError):
        return None


def _relative(text: str, today: date) -> date | None:
    if match := _AGO.search(text) or _IN.search(text):
        raw = match["count"]
        count = int(raw) if raw.isdigit() else 1
        back = match.re is _AGO and match["dir"] != "lagi"
        return _shift(today, _UNITS[match["unit"]], -count if back else count)
    if match := _LAST_NEXT.search(text):
        unit = _UNITS[match["unit1"] or match["unit2"]]
        back = (match["dir1"] or match["dir2"]) not in {"depan", "next"}
        return _shift(today, unit, -1 if back else 1)
    for phrase, days in _WORDS.items():
        if re.search(rf"\b{phrase}\b", text):
            return today + timedelta(days=days)
    return None


def parse_date(text: str, today: date, *, past_only: bool = False) -> date | DateProblem:
    """Read a date as people write it; a `DateProblem` when it can't be used.

    `past_only`: the question is about something that has happened (a birth, the start of
    a membership), so a date after `today` is `FUTURE` and a date without a year is the
    most recent one.
    """
    cleaned = _clean(text)
    if not cleaned or _NEGATIVE_NUMBER.search(cleaned):
        return DateProblem.UNREADABLE
    found = _absolute(cleaned, today, past_only)
    if found is None:
        found = _relative(cleaned, today)
    if found is None:
        return DateProblem.UNREADABLE
    if isinstance(found, DateProblem):
        return found
    return _checked(found, today, past_only)


def format_date(day: date, language: Language) -> str:
    """Return a date as people read it: `15 Desember 2026`, `15 December 2026`."""
    return babel_format_date(day, "d MMMM y", locale=language.value)
