"""JKP (job-loss benefit) claims: PP 37/2021 art. 19-20 and 40, as amended by PP 6/2025.

- Only a dismissal (`phk`) qualifies; every other `termination_type` gets `not_a_dismissal`,
  with the JHT (or JKM) claim that fits it as `alternatives`.
- At least 12 contribution months in the last 24 (`contributions_too_few`), and at least 6
  consecutive months just before the termination (`consecutive_months_too_few`).
- The claim window is 6 months from `termination_date` (PP 6/2025 art. 40), counted with
  `add_months` and inclusive: terminated on 15 January, the last day to claim is 15 July;
  on 16 July the answer is `claim_window_closed`. A termination date still in the future
  (notice given) waits until that date (`not_yet_terminated`).
- The worker must be willing to work again (signs the KAPK) and not employed again.

The benefit itself (60% of the capped wage for up to 6 months) is `calculators.jkp_benefit`.
"""

from __future__ import annotations

from datetime import date

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.claim_documents import jkp_documents
from dialogues.rules.common import (
    PASSED,
    Check,
    Decision,
    Route,
    add_months,
    check_count,
    check_date,
    conclude,
    fail,
    unknown,
    wait,
)
from dialogues.rules.facts import JhtReason, JkpFacts, TerminationType
from dialogues.rules.reasons import Reason
from nlu import Program

CLAIM_WINDOW_MONTHS = 6
MIN_MONTHS_IN_LAST_24 = 12
MIN_CONSECUTIVE_MONTHS = 6
MAX_CONSECUTIVE_MONTHS = 1200

_INSTEAD: dict[TerminationType, tuple[Route, ...]] = {
    TerminationType.RESIGNED: (Route(Program.JHT, JhtReason.RESIGNED),),
    TerminationType.RETIRED: (Route(Program.JHT, JhtReason.RETIREMENT_AGE),),
    TerminationType.TOTAL_DISABILITY: (Route(Program.JHT, JhtReason.TOTAL_DISABILITY),),
    TerminationType.DEATH: (Route(Program.JKM), Route(Program.JHT, JhtReason.DEATH)),
    TerminationType.PKWT_ENDED: (Route(Program.JHT, JhtReason.PKWT_ENDED),),
}


def claim_deadline(termination_date: date) -> date:
    """Return the last day a JKP claim can be filed: 6 months after the termination."""
    return add_months(termination_date, CLAIM_WINDOW_MONTHS)


def _termination_check(facts: JkpFacts) -> Check:
    """The claim window: from the termination date to 6 months after it."""
    if facts.termination_date is None:
        return unknown("termination_date")
    terminated = check_date("termination_date", facts.termination_date)
    if facts.as_of < terminated:
        return wait(Reason.NOT_YET_TERMINATED, terminated)
    if facts.as_of > claim_deadline(terminated):
        return fail(Reason.CLAIM_WINDOW_CLOSED)
    return PASSED


def _contribution_checks(facts: JkpFacts) -> list[Check]:
    """12 contribution months in the last 24, and 6 in a row before the dismissal."""
    in_24 = facts.contribution_months_last_24
    in_row = facts.consecutive_months_before_termination
    if in_24 is not None:
        check_count("contribution_months_last_24", in_24, maximum=24)
    if in_row is not None:
        check_count("consecutive_months_before_termination", in_row, maximum=MAX_CONSECUTIVE_MONTHS)
    if in_24 is not None and in_row is not None and min(in_row, 24) > in_24:
        raise InvalidFact(
            "consecutive_months_before_termination",
            "can't be more than contribution_months_last_24 within the last 24 months",
        )
    checks = []
    if in_24 is None:
        checks.append(unknown("contribution_months_last_24"))
    elif in_24 < MIN_MONTHS_IN_LAST_24:
        checks.append(fail(Reason.CONTRIBUTIONS_TOO_FEW))
    if in_row is None:
        checks.append(unknown("consecutive_months_before_termination"))
    elif in_row < MIN_CONSECUTIVE_MONTHS:
        checks.append(fail(Reason.CONSECUTIVE_MONTHS_TOO_FEW))
    return checks


def _work_checks(facts: JkpFacts) -> list[Check]:
    """Willing to work again, and not employed again."""
    checks = []
    if facts.willing_to_work is None:
        checks.append(unknown("willing_to_work"))
    elif not facts.willing_to_work:
        checks.append(fail(Reason.NOT_WILLING_TO_WORK))
    if facts.employed_again is None:
        checks.append(unknown("employed_again"))
    elif facts.employed_again:
        checks.append(fail(Reason.EMPLOYED_AGAIN))
    return checks


def decide_jkp(facts: JkpFacts) -> Decision:
    """Decide whether a JKP claim can be filed on `facts.as_of`.

    Facts are asked for in this order: `termination_type`, `termination_date`,
    `contribution_months_last_24`, `consecutive_months_before_termination`,
    `willing_to_work`, `employed_again`; a criterion that already fails for good makes the
    rest unnecessary.
    """
    check_date("as_of", facts.as_of)
    if facts.termination_type is None:
        raise MissingFact("termination_type")
    if facts.termination_type != TerminationType.PHK:
        return conclude(
            Program.JKP,
            [fail(Reason.NOT_A_DISMISSAL)],
            granted=Reason.DISMISSAL_QUALIFIES,
            documents=(),
            alternatives=_INSTEAD[facts.termination_type],
        )
    checks = [_termination_check(facts), *_contribution_checks(facts), *_work_checks(facts)]
    return conclude(
        Program.JKP,
        checks,
        granted=Reason.DISMISSAL_QUALIFIES,
        documents=jkp_documents(),
        caveats=(Caveat.JKP_PP_6_2025_DETAILS, Caveat.JKP_AGE_LIMIT),
    )
