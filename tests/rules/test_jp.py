"""JP old-age claims: PP 45/2015 art. 15 (pension age) and the 15-year rule."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.documents import Document as D
from dialogues.rules.facts import JpFacts
from dialogues.rules.jp import decide_jp, pension_age_date, pension_age_in
from dialogues.rules.reasons import Reason
from tests.rules.conftest import Today


@pytest.mark.parametrize(
    ("year", "age"),
    [
        (2015, 56),
        (2018, 56),
        (2019, 57),
        (2021, 57),
        (2022, 58),
        (2024, 58),
        (2025, 59),
        (2027, 59),
        (2028, 60),
        (2030, 60),
        (2031, 61),
        (2040, 64),
        (2043, 65),
        (2060, 65),
    ],
)
def test_pp_45_2015_art_15_pension_age_rises_every_three_years(year: int, age: int) -> None:
    assert pension_age_in(year) == age


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        # 59 in 2027, when the age in force is 59.
        (date(1968, 6, 10), date(2027, 6, 10)),
        # 59 in 2028, when it is 60: the 60th birthday in 2029.
        (date(1969, 6, 10), date(2029, 6, 10)),
        # 59 on the last day of 2027 / the first day of 2028.
        (date(1968, 12, 31), date(2027, 12, 31)),
        (date(1969, 1, 1), date(2029, 1, 1)),
        # Reached 58 in 2024, before the age rose to 59 in 2025.
        (date(1966, 4, 10), date(2024, 4, 10)),
        # 29 February: 59 in 2027 counts on 28 February.
        (date(1968, 2, 29), date(2027, 2, 28)),
        # 65 from 2043 on.
        (date(1990, 5, 5), date(2055, 5, 5)),
    ],
)
def test_pp_45_2015_art_15_pension_age_by_the_year_it_is_reached(
    birth: date, reached: date
) -> None:
    assert pension_age_date(birth) == reached


def test_pp_45_2015_art_15_pension_age_the_day_before(today: Today) -> None:
    decision = decide_jp(
        JpFacts(
            as_of=today(date(2027, 6, 9)), birth_date=date(1968, 6, 10), contribution_months=200
        )
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2027, 6, 10)
    assert decision.reasons == (Reason.PENSION_AGE_NOT_REACHED,)
    assert "max_percent" not in decision.to_dict()


def test_pp_45_2015_art_15_pension_age_the_day_of(today: Today) -> None:
    decision = decide_jp(
        JpFacts(
            as_of=today(date(2027, 6, 10)), birth_date=date(1968, 6, 10), contribution_months=200
        )
    )
    assert decision.eligible
    assert decision.reasons == (Reason.PENSION_QUALIFIES,)
    assert decision.documents == (D.JP_FORM_7, D.PARTICIPANT_CARD, D.KTP, D.KK)


def test_pp_45_2015_art_15_pension_age_60_in_2028(today: Today) -> None:
    birth = date(1969, 3, 1)  # turns 59 on 1 March 2028, when the age is already 60
    at_59 = decide_jp(
        JpFacts(as_of=today(date(2028, 3, 1)), birth_date=birth, contribution_months=240)
    )
    assert not at_59.eligible
    assert at_59.earliest_date == date(2029, 3, 1)
    assert decide_jp(
        JpFacts(as_of=today(date(2029, 3, 1)), birth_date=birth, contribution_months=240)
    ).eligible


@pytest.mark.parametrize(
    ("months", "reason"), [(179, Reason.LUMP_SUM_ONLY), (180, Reason.PENSION_QUALIFIES)]
)
def test_pp_45_2015_fifteen_years_for_a_monthly_pension(months: int, reason: Reason) -> None:
    decision = decide_jp(
        JpFacts(as_of=date(2027, 6, 10), birth_date=date(1968, 6, 10), contribution_months=months)
    )
    assert decision.eligible
    assert decision.reasons == (reason,)
    assert (Caveat.JP_LUMP_SUM_SOURCE in decision.caveats) is (months < 180)


def test_pp_45_2015_before_pension_age_with_few_months_warns_of_the_lump_sum() -> None:
    decision = decide_jp(
        JpFacts(as_of=date(2026, 1, 1), birth_date=date(1969, 6, 10), contribution_months=100)
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2029, 6, 10)
    assert decision.reasons == (Reason.PENSION_AGE_NOT_REACHED, Reason.LUMP_SUM_ONLY)


def test_pp_45_2015_asks_the_birth_date_then_the_months() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jp(JpFacts(as_of=date(2026, 1, 1)))
    assert error.value.field == "birth_date"
    with pytest.raises(MissingFact) as error:
        decide_jp(JpFacts(as_of=date(2026, 1, 1), birth_date=date(1960, 1, 1)))
    assert error.value.field == "contribution_months"


@pytest.mark.parametrize(
    ("birth", "months", "field"),
    [
        (date(2027, 1, 1), 10, "birth_date"),
        (date(1960, 1, 1), -1, "contribution_months"),
        (date(1960, 1, 1), 1201, "contribution_months"),
    ],
)
def test_pp_45_2015_impossible_facts_are_named(birth: date, months: int, field: str) -> None:
    with pytest.raises(InvalidFact) as error:
        decide_jp(JpFacts(as_of=date(2026, 1, 1), birth_date=birth, contribution_months=months))
    assert error.value.field == field
