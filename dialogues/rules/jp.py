"""JP (pension) old-age claims: PP 45/2015 art. 15 (pension age) and the 15-year rule.

Pension age: 56 from 2015, 57 from 1 January 2019, then one year more every three years
(58 in 2022, 59 in 2025, 60 in 2028, 61 in 2031 ...) up to 65 (from 2043).

How the rising age applies: the participant reaches pension age on the first day on which
their age is at least the pension age in force in that calendar year. Since the age in
force only rises on 1 January and one's own age only rises on birthdays, that day is always
a birthday: the first birthday N with N >= the pension age of that birthday's year.
Examples: born 10 June 1968, turns 59 on 10 June 2027, when the age is 59: pension age
reached then. Born 10 June 1969, turns 59 in 2028 when the age is 60, so it is reached on
the 60th birthday, 10 June 2029. Once reached it stays reached, even if the age in force
rises later.

- At pension age with at least 180 months of contributions: monthly pension
  (`pension_qualifies`).
- At pension age with fewer: the claim can be filed, but JP pays a lump sum
  (`eligible` true, `lump_sum_only`).
- Before pension age: `pension_age_not_reached` with the pension-age date as
  `earliest_date`, plus `lump_sum_only` when the months so far are under 180.
"""

from __future__ import annotations

from datetime import date

from dialogues.errors import MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.claim_documents import jp_documents
from dialogues.rules.common import (
    Decision,
    add_years,
    check_count,
    check_date,
    conclude,
    is_leap_day,
    wait,
)
from dialogues.rules.facts import JpFacts
from dialogues.rules.reasons import Reason
from nlu import Program

MIN_PENSION_MONTHS = 180
MAX_CONTRIBUTION_MONTHS = 1200
FIRST_PENSION_AGE = 56
FIRST_RISE_YEAR = 2019
RISE_EVERY_YEARS = 3
LAST_PENSION_AGE = 65


def pension_age_in(year: int) -> int:
    """Return the JP pension age in force in a calendar year (PP 45/2015 art. 15)."""
    if year < FIRST_RISE_YEAR:
        return FIRST_PENSION_AGE
    rises = (year - FIRST_RISE_YEAR) // RISE_EVERY_YEARS
    return min(LAST_PENSION_AGE, FIRST_PENSION_AGE + 1 + rises)


def pension_age_date(birth_date: date) -> date:
    """Return the day a participant born on `birth_date` reaches JP pension age."""
    age = FIRST_PENSION_AGE
    while True:
        birthday = add_years(birth_date, age)
        if age >= pension_age_in(birthday.year):
            return birthday
        age += 1


def decide_jp(facts: JpFacts) -> Decision:
    """Decide whether a JP old-age claim can be filed on `facts.as_of`, monthly or lump sum.

    Facts are asked for in this order: `birth_date`, then `contribution_months`.
    """
    check_date("as_of", facts.as_of)
    if facts.birth_date is None:
        raise MissingFact("birth_date")
    birth = check_date("birth_date", facts.birth_date, not_after=facts.as_of)
    if facts.contribution_months is None:
        raise MissingFact("contribution_months")
    months = check_count(
        "contribution_months", facts.contribution_months, maximum=MAX_CONTRIBUTION_MONTHS
    )
    reached = pension_age_date(birth)
    short = months < MIN_PENSION_MONTHS
    checks = [] if facts.as_of >= reached else [wait(Reason.PENSION_AGE_NOT_REACHED, reached)]
    return conclude(
        Program.JP,
        checks,
        granted=Reason.LUMP_SUM_ONLY if short else Reason.PENSION_QUALIFIES,
        documents=jp_documents(),
        notes=(Reason.LUMP_SUM_ONLY,) if short and checks else (),
        caveats=tuple(
            caveat
            for caveat, applies in (
                (Caveat.LEAP_DAY_BIRTHDAY, is_leap_day(birth)),
                (Caveat.JP_LUMP_SUM_SOURCE, short),
            )
            if applies
        ),
    )
