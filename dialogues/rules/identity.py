"""The structure of a NIK (Nomor Induk Kependudukan), checked before anything is looked up.

A NIK is 16 digits: 6 for the region (2 province, 2 regency or city, 2 district), 6 for
the birth date as DDMMYY, with 40 added to the day for women (a woman born on 5 March 1990
has 450390), and a 4-digit serial that starts at 0001. Only the structure is checked here:
whether the NIK belongs to the person is the registry's business.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40


class Sex(StrEnum):
    """The sex a NIK encodes (by the day of its birth date)."""

    MALE = "male"
    FEMALE = "female"


class NikProblem(StrEnum):
    """Why a text is not a well-formed NIK (or not the NIK of this birth date)."""

    NOT_DIGITS = "not_digits"
    LENGTH = "length"
    REGION = "region"
    BIRTH_DATE = "birth_date"
    SERIAL = "serial"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"


@dataclass(frozen=True, slots=True)
class Nik:
    """A well-formed NIK, taken apart. The year has two digits: the century is not in it."""

    value: str
    region: str
    sex: Sex
    day: int
    month: int
    year_of_century: int
    serial: str

    def matches(self, birth_date: date) -> bool:
        """Tell whether the NIK encodes this birth date."""
        return (self.day, self.month, self.year_of_century) == (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        )

    def __repr__(self) -> str:
        return f"Nik(****{self.value[-4:]})"


def normalize_nik(text: str) -> str:
    """Drop the spaces, dots and dashes people type inside a NIK."""
    return "".join(char for char in text if char not in " .-\t")


def parse_nik(text: str) -> Nik | NikProblem:
    """Take a NIK apart, or say what is wrong with it (the first problem found).

    Checks, in order: digits only, 16 of them, no zero province/regency/district code, a
    birth date that exists on the calendar (day minus 40 for women; 29 February needs a leap
    year in the 1900s or 2000s), and a serial other than 0000.
    """
    if not text.isascii() or not text.isdigit():
        return NikProblem.NOT_DIGITS
    if len(text) != NIK_LENGTH:
        return NikProblem.LENGTH
    region = text[:6]
    if "00" in (region[0:2], region[2:4], region[4:6]):
        return NikProblem.REGION
    day, month, year = int(text[6:8]), int(text[8:10]), int(text[10:12])
    sex = Sex.MALE
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
        sex = Sex.FEMALE
    if not _real_date(day, month, year):
        return NikProblem.BIRTH_DATE
    if text[12:] == "0000":
        return NikProblem.SERIAL
    return Nik(text, region, sex, day, month, year, text[12:])


def nik_problem(text: str, *, birth_date: date | None = None) -> NikProblem | None:
    """Return what is wrong with a NIK (also: not this birth date's, when given), else None."""
    nik = parse_nik(text)
    if isinstance(nik, NikProblem):
        return nik
    if birth_date is not None and not nik.matches(birth_date):
        return NikProblem.BIRTH_DATE_MISMATCH
    return None


def make_nik(*, region: str, birth_date: date, sex: Sex, serial: int) -> str:
    """Compose a well-formed NIK (for synthetic demo participants and tests)."""
    if len(region) != 6 or not region.isdigit() or not 1 <= serial <= 9999:
        raise ValueError("region must be 6 digits and serial 1 to 9999")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex is Sex.FEMALE else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def _real_date(day: int, month: int, year_of_century: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    longest = max(
        calendar.monthrange(century + year_of_century, month)[1] for century in (1900, 2000)
    )
    return day <= longest
