"""JKM (death benefit) claims by the heirs: PP 44/2015 as amended by PP 82/2019.

- A death while `membership_active`, not from a work accident: eligible (`death_covered`).
- A death from a work accident (or occupational disease): not JKM but JKK (`use_jkk`, with
  JKK as the alternative); the membership question is then JKK's, not asked here.
- A death while the membership was not active: `membership_inactive`.
- The scholarship for up to 2 children needs `contribution_years` of at least 3
  (Permenaker 5/2021). It is a note beside the decision (`scholarship_qualifies` or
  `scholarship_contributions_too_few`), never a condition of the death benefit, and is
  left out when `contribution_years` is not given.
- `death_date` is optional: no rule depends on it, but when given it can't be in the future.
"""

from __future__ import annotations

from dialogues.errors import MissingFact
from dialogues.rules.claim_documents import jkm_documents
from dialogues.rules.common import (
    Check,
    Decision,
    Route,
    check_count,
    check_date,
    conclude,
    fail,
    unknown,
)
from dialogues.rules.facts import DeathCause, JkmFacts
from dialogues.rules.reasons import Reason
from nlu import Program

SCHOLARSHIP_MIN_YEARS = 3
MAX_CONTRIBUTION_YEARS = 100


def scholarship_note(contribution_years: int | None) -> tuple[Reason, ...]:
    """Return the scholarship's reason code for a number of contribution years, if known."""
    if contribution_years is None:
        return ()
    check_count("contribution_years", contribution_years, maximum=MAX_CONTRIBUTION_YEARS)
    if contribution_years >= SCHOLARSHIP_MIN_YEARS:
        return (Reason.SCHOLARSHIP_QUALIFIES,)
    return (Reason.SCHOLARSHIP_CONTRIBUTIONS_TOO_FEW,)


def decide_jkm(facts: JkmFacts) -> Decision:
    """Decide whether the heirs can claim JKM on `facts.as_of`.

    Facts are asked for in this order: `death_cause`, then `membership_active`.
    """
    check_date("as_of", facts.as_of)
    if facts.death_date is not None:
        check_date("death_date", facts.death_date, not_after=facts.as_of)
    if facts.death_cause is None:
        raise MissingFact("death_cause")
    notes = scholarship_note(facts.contribution_years)
    if facts.death_cause == DeathCause.WORK_ACCIDENT:
        return conclude(
            Program.JKM,
            [fail(Reason.USE_JKK)],
            granted=Reason.DEATH_COVERED,
            documents=(),
            alternatives=(Route(Program.JKK),),
        )
    checks: list[Check] = []
    if facts.membership_active is None:
        checks.append(unknown("membership_active"))
    elif not facts.membership_active:
        checks.append(fail(Reason.MEMBERSHIP_INACTIVE))
    scholarship = Reason.SCHOLARSHIP_QUALIFIES in notes
    return conclude(
        Program.JKM,
        checks,
        granted=Reason.DEATH_COVERED,
        documents=jkm_documents(segment=facts.segment, scholarship=scholarship),
        notes=notes if facts.membership_active else (),
    )
