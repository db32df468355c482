"""The structure of a NIK: length, digits, region, birth date (women +40), serial."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.rules.identity import (
    Nik,
    NikProblem,
    Sex,
    make_nik,
    nik_problem,
    normalize_nik,
    parse_nik,
)


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("3273051708900002", None),  # a man born 17 August 1990
        ("3273055708900002", None),  # a woman born 17 August 1990 (17 + 40)
        ("3273057108900002", None),  # a woman born 31 August 1990
        ("3273052902000001", None),  # 29 February 2000: a leap year
        ("3273053102900002", NikProblem.BIRTH_DATE),  # 31 February
        ("3273057102900002", NikProblem.BIRTH_DATE),  # 31 February, a woman
        ("3273052902230001", NikProblem.BIRTH_DATE),  # 29 February in 1923 or 2023
        ("3273053208900002", NikProblem.BIRTH_DATE),  # day 32
        ("3273057208900002", NikProblem.BIRTH_DATE),  # day 32 for a woman (72)
        ("3273050008900002", NikProblem.BIRTH_DATE),  # day 0
        ("3273051713900002", NikProblem.BIRTH_DATE),  # month 13
        ("3273051700900002", NikProblem.BIRTH_DATE),  # month 0
        ("3273051708900000", NikProblem.SERIAL),
        ("0073051708900002", NikProblem.REGION),
        ("3200051708900002", NikProblem.REGION),
        ("327305170890000", NikProblem.LENGTH),  # 15 digits
        ("32730517089000021", NikProblem.LENGTH),  # 17 digits
        ("32730517O8900002", NikProblem.NOT_DIGITS),  # a letter O
        ("3273-0517-0890-0002", NikProblem.NOT_DIGITS),
        ("٣٢٧٣٠٥١٧٠٨٩٠٠٠٠٢", NikProblem.NOT_DIGITS),  # Arabic-Indic digits
        ("", NikProblem.NOT_DIGITS),
        ("' OR 1=1 --", NikProblem.NOT_DIGITS),
    ],
)
def test_nik_structure(nik: str, problem: NikProblem | None) -> None:
    assert nik_problem(nik) == problem


def test_parsing_reads_the_sex_and_birth_date() -> None:
    nik = parse_nik("3273055708900002")
    assert isinstance(nik, Nik)
    assert (nik.sex, nik.day, nik.month, nik.year_of_century) == (Sex.FEMALE, 17, 8, 90)
    assert nik.region == "327305" and nik.serial == "0002"
    assert nik.matches(date(1990, 8, 17)) and not nik.matches(date(1990, 8, 18))
    assert "3273055708900002" not in repr(nik)


def test_the_birth_date_given_must_be_the_one_inside() -> None:
    assert nik_problem("3273055708900002", birth_date=date(1990, 8, 17)) is None
    assert nik_problem("3273055708900002", birth_date=date(1991, 8, 17)) == (
        NikProblem.BIRTH_DATE_MISMATCH
    )
    assert nik_problem("3273053102900002", birth_date=date(1990, 2, 28)) == NikProblem.BIRTH_DATE


def test_make_nik_round_trips() -> None:
    for sex in Sex:
        born = date(2001, 12, 31)
        nik = make_nik(region="351001", birth_date=born, sex=sex, serial=42)
        parsed = parse_nik(nik)
        assert isinstance(parsed, Nik) and parsed.sex is sex and parsed.matches(born)
    with pytest.raises(ValueError):
        make_nik(region="35100", birth_date=date(2001, 1, 1), sex=Sex.MALE, serial=1)


def test_normalize_drops_separators() -> None:
    assert normalize_nik(" 3273.0517-0890 0002 ") == "3273051708900002"
