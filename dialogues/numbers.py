"""Numbers as people write them in a chat: counts of months or years, and rupiah amounts.

`parse_count("12 bln", unit=Unit.MONTHS)` -> 12, `parse_count("2 tahun", unit=Unit.MONTHS)`
-> 24, `parse_amount("5,5 jt")` -> 5_500_000, `parse_amount("Rp 7.500.000,-")` -> 7_500_000.
Each returns the number or a `NumberProblem` saying why it can't be used, so the question can
be asked again with the reason. `find_amount` picks an amount out of a whole sentence
("pajak jht 80 juta berapa?"), and only when it is clearly money.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class NumberProblem(StrEnum):
    """Why a text can't be used as the number asked for."""

    UNREADABLE = "unreadable"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    AMBIGUOUS = "ambiguous"


class Unit(StrEnum):
    """What a count is counted in."""

    MONTHS = "months"
    YEARS = "years"


_WORD_NUMBERS = {
    "nol": 0, "kosong": 0, "zero": 0, "none": 0, "satu": 1, "se": 1, "one": 1, "a": 1,
    "an": 1, "dua": 2, "two": 2, "tiga": 3, "three": 3, "empat": 4, "four": 4, "lima": 5,
    "five": 5, "enam": 6, "six": 6, "tujuh": 7, "seven": 7, "delapan": 8, "eight": 8,
    "sembilan": 9, "nine": 9, "sepuluh": 10, "ten": 10, "sebelas": 11, "eleven": 11,
    "dua belas": 12, "twelve": 12, "delapan belas": 18, "eighteen": 18,
    "dua puluh": 20, "twenty": 20, "dua puluh empat": 24, "twenty four": 24,
    "tiga puluh": 30, "thirty": 30, "tiga puluh enam": 36, "thirty six": 36,
}  # fmt: skip
_NONE = re.compile(r"\b(?:tidak ada|tdk ada|ga ada|gak ada|belum ada|blm ada|belum pernah|never)\b")
_UNIT_WORDS = {
    Unit.MONTHS: ("bulan", "bln", "bl", "months", "month", "mos", "mo", "mths"),
    Unit.YEARS: ("tahun", "thn", "th", "years", "year", "yrs", "yr"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_UNIT = "|".join(sorted(_UNIT_OF, key=len, reverse=True))
_NUMBER = r"\d+(?:[.,]\d+)?"
_QUANTITY = re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER})(?![\d.,])\s*(?P<unit>{_UNIT})?\b")
_WORD_QUANTITY = re.compile(
    r"\b(?P<w>"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + rf")\s*(?P<unit>{_UNIT})\b"
)
_NEGATIVE = re.compile(r"(?:^|[\s(])(?:-|minus\s*)\s*\d")

_SCALES = {
    "miliar": 10**9, "milyar": 10**9, "billion": 10**9, "juta": 10**6, "jt": 10**6,
    "jta": 10**6, "million": 10**6, "mio": 10**6, "ribu": 10**3, "rb": 10**3, "rebu": 10**3,
    "ribuan": 10**3, "thousand": 10**3, "k": 10**3,
}  # fmt: skip
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_GROUPED = r"\d{1,3}(?:[.,]\d{3})+"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<rp>(?:rp|idr)\.?\s*)?"
    rf"(?:(?P<scaled>\d+(?:[.,]\d+)?)\s*(?P<scale>{_SCALE})\b|(?P<grouped>{_GROUPED})|(?P<plain>\d+))"
    r"(?:,-|,00|\.-)?(?![\w])"
)
MAX_AMOUNT = 10**12
SMALLEST_PLAIN_AMOUNT = 1_000
"""A bare number below this ("5") is more likely "5 juta" than five rupiah: asked again."""


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


def _in_unit(value: Decimal, given: Unit | None, wanted: Unit) -> int | None:
    """Convert a count into the unit asked for; None when it isn't whole."""
    if given == Unit.YEARS and wanted == Unit.MONTHS:
        value *= 12
    elif given == Unit.MONTHS and wanted == Unit.YEARS:
        value = Decimal(int(value) // 12)
    return int(value) if value == value.to_integral_value() else None


def _quantities(cleaned: str) -> list[tuple[str, str | None]]:
    """Return each number of the text with its unit word, digits first, then words."""
    parts: list[tuple[str, str | None]] = [(m["n"], m["unit"]) for m in _QUANTITY.finditer(cleaned)]
    if not parts:
        for m in _WORD_QUANTITY.finditer(cleaned):
            parts.append((str(_WORD_NUMBERS[m["w"]]), m["unit"]))
    alone = _WORD_NUMBERS.get(cleaned.strip(" .!?"))
    if not parts and alone is not None:
        parts.append((str(alone), None))
    return parts


def parse_count(text: str, *, unit: Unit, maximum: int) -> int | NumberProblem:
    """Read a whole count of months or years ("12", "12 bulan", "2 tahun", "dua belas").

    A count given in the other unit is converted (2 years = 24 months; 30 months = 2 whole
    years). Negative numbers, fractions that aren't whole and counts above `maximum` are
    refused with the reason.
    """
    cleaned = _clean(text)
    if _NEGATIVE.search(cleaned):
        return NumberProblem.NEGATIVE
    if _NONE.search(cleaned):
        return 0
    parts = _quantities(cleaned)
    # One number, or years and months together ("1 tahun 6 bulan"), added up below.
    years_and_months = len(parts) == 2 and parts[0][1] in _UNIT_WORDS[Unit.YEARS]
    if len(parts) != 1 and not (years_and_months and parts[1][1]):
        return NumberProblem.UNREADABLE
    total = Decimal(0)
    for raw, word in parts:
        value = _decimal(raw)
        given = _UNIT_OF.get(word) if word else None
        converted = None if value is None else _in_unit(value, given, unit)
        if converted is None:
            return NumberProblem.UNREADABLE
        total += converted
    if total > maximum:
        return NumberProblem.TOO_LARGE
    return int(total)


def _amount_of(match: re.Match[str]) -> int | None:
    if match["scaled"]:
        value = _decimal(match["scaled"])
        if value is None:
            return None
        amount = value * _SCALES[match["scale"]]
        return int(amount) if amount == amount.to_integral_value() else None
    if match["grouped"]:
        return int(re.sub(r"[.,]", "", match["grouped"]))
    return int(match["plain"])


def parse_amount(text: str) -> int | NumberProblem:
    """Read a rupiah amount as people type it: `5000000`, `5.000.000`, `Rp 5 jt`, `500rb`.

    A bare small number ("5") is `AMBIGUOUS` (5 rupiah or 5 juta?); two amounts in one
    message are `UNREADABLE`.
    """
    cleaned = _clean(text)
    if _NEGATIVE.search(cleaned):
        return NumberProblem.NEGATIVE
    matches = list(_AMOUNT.finditer(cleaned))
    if len(matches) != 1:
        return NumberProblem.UNREADABLE
    match = matches[0]
    amount = _amount_of(match)
    if amount is None:
        return NumberProblem.UNREADABLE
    if match["plain"] and not match["rp"] and amount < SMALLEST_PLAIN_AMOUNT:
        return NumberProblem.AMBIGUOUS
    if amount > MAX_AMOUNT:
        return NumberProblem.TOO_LARGE
    return amount


def find_amount(text: str) -> int | None:
    """Return the one rupiah amount a sentence clearly names, if any.

    Clearly money: with `Rp`, a scale word (`juta`, `rb`, `k`) or thousands grouping, or
    at least 4 digits; "kontrak 12 bulan" names no amount.
    """
    found = [
        amount
        for match in _AMOUNT.finditer(_clean(text))
        if (amount := _amount_of(match)) is not None
        and (match["rp"] or match["scale"] or match["grouped"] or amount >= SMALLEST_PLAIN_AMOUNT)
        and 0 < amount <= MAX_AMOUNT
    ]
    return found[0] if len(found) == 1 else None
