"""JHT (old-age savings) claims: PP 46/2015 art. 22, Permenaker 4/2022, Permenaker 4/2023.

- `age_56`: from the 56th birthday (PP 46/2015 art. 22(1)).
- `retirement_age`: the user confirms the age set by contract, company rules or CLA is reached.
- `resigned`, `terminated`: one month after `employment_end_date` (Permenaker 4/2022 art. 8-9);
  the day before, `waiting_period` with that date as `earliest_date`; a future end date is
  accepted (a worker who has handed in notice) and simply waits longer.
- `pkwt_ended`, `bpu_stopped`: work stopped (Permenaker 4/2022 art. 6(2)); the participant's
  `segment` is not checked against the reason, as the contract grants both unconditionally.
- `left_indonesia`: foreign nationals only (art. 12); a citizen gets `not_for_citizens`, with
  the reasons that apply to citizens of their segment as `alternatives`.
- `total_disability`, `death` (the heirs claim).
- `partial_10`, `partial_30`: 10 years since `membership_start` (to the day, by `add_years`)
  and no earlier partial claim (PP 46/2015 art. 22(4)-(6)); `max_percent` 10 or 30.
- Migrant workers (PMI) who never opted in to JHT have no balance: `pmi_no_jht`, with JKK and
  JKM as `alternatives` (Permenaker 4/2023: JKK and JKM mandatory, JHT optional).
"""

from __future__ import annotations

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.claim_documents import jht_documents
from dialogues.rules.common import (
    PASSED,
    Check,
    Decision,
    Route,
    add_months,
    add_years,
    check_date,
    conclude,
    fail,
    is_leap_day,
    unknown,
    wait,
)
from dialogues.rules.facts import JhtFacts, JhtReason, Nationality, Segment
from dialogues.rules.reasons import Reason
from nlu import Program

JHT_AGE = 56
WAITING_MONTHS = 1
PARTIAL_MEMBERSHIP_YEARS = 10

_GRANTED: dict[JhtReason, Reason] = {
    JhtReason.AGE_56: Reason.AGE_REACHED,
    JhtReason.RETIREMENT_AGE: Reason.RETIREMENT_AGE_REACHED,
    JhtReason.PKWT_ENDED: Reason.WORK_STOPPED,
    JhtReason.BPU_STOPPED: Reason.WORK_STOPPED,
    JhtReason.RESIGNED: Reason.WAITING_PERIOD_OVER,
    JhtReason.TERMINATED: Reason.WAITING_PERIOD_OVER,
    JhtReason.LEFT_INDONESIA: Reason.LEAVING_INDONESIA,
    JhtReason.TOTAL_DISABILITY: Reason.TOTAL_DISABILITY,
    JhtReason.DEATH: Reason.HEIRS_CLAIM,
    JhtReason.PARTIAL_10: Reason.PARTIAL_ALLOWED,
    JhtReason.PARTIAL_30: Reason.PARTIAL_ALLOWED,
}
_MAX_PERCENT = {JhtReason.PARTIAL_10: 10, JhtReason.PARTIAL_30: 30}
_PMI_CONFIRMED = {JhtReason.AGE_56, JhtReason.TOTAL_DISABILITY, JhtReason.DEATH}

_FOR_SEGMENT: dict[Segment, tuple[JhtReason, ...]] = {
    Segment.PU: (
        JhtReason.AGE_56,
        JhtReason.RETIREMENT_AGE,
        JhtReason.PKWT_ENDED,
        JhtReason.RESIGNED,
        JhtReason.TERMINATED,
        JhtReason.TOTAL_DISABILITY,
        JhtReason.DEATH,
        JhtReason.PARTIAL_10,
        JhtReason.PARTIAL_30,
    ),
    Segment.BPU: (
        JhtReason.AGE_56,
        JhtReason.BPU_STOPPED,
        JhtReason.TOTAL_DISABILITY,
        JhtReason.DEATH,
        JhtReason.PARTIAL_10,
        JhtReason.PARTIAL_30,
    ),
    Segment.PMI: (JhtReason.AGE_56, JhtReason.TOTAL_DISABILITY, JhtReason.DEATH),
}


def applicable_reasons(nationality: Nationality, segment: Segment) -> tuple[JhtReason, ...]:
    """Return the JHT claim reasons open to a participant, in the order the bot offers them.

    Migrant workers get the three grounds Permenaker 4/2023 art. 60 confirms; foreign
    nationals also get `left_indonesia`.
    """
    reasons = _FOR_SEGMENT[segment]
    return (*reasons, JhtReason.LEFT_INDONESIA) if nationality == Nationality.WNA else reasons


def _age_check(facts: JhtFacts) -> Check:
    """Age 56: passes on the 56th birthday, waits until it before."""
    if facts.birth_date is None:
        return unknown("birth_date")
    birth = check_date("birth_date", facts.birth_date, not_after=facts.as_of)
    birthday = add_years(birth, JHT_AGE)
    return PASSED if facts.as_of >= birthday else wait(Reason.AGE_NOT_REACHED, birthday)


def _waiting_check(facts: JhtFacts) -> Check:
    """Resignation or dismissal: passes one month after the last day of work."""
    if facts.employment_end_date is None:
        return unknown("employment_end_date")
    end = check_date("employment_end_date", facts.employment_end_date)
    claimable = add_months(end, WAITING_MONTHS)
    return PASSED if facts.as_of >= claimable else wait(Reason.WAITING_PERIOD, claimable)


def _partial_checks(facts: JhtFacts) -> list[Check]:
    """Partial claims: 10 years of membership, and no earlier partial claim."""
    checks = []
    if facts.membership_start is None:
        checks.append(unknown("membership_start"))
    else:
        start = check_date("membership_start", facts.membership_start, not_after=facts.as_of)
        ten_years = add_years(start, PARTIAL_MEMBERSHIP_YEARS)
        if facts.as_of < ten_years:
            checks.append(wait(Reason.MEMBERSHIP_TOO_SHORT, ten_years))
    if facts.previous_partial_claim is None:
        checks.append(unknown("previous_partial_claim"))
    elif facts.previous_partial_claim:
        checks.append(fail(Reason.PARTIAL_ALREADY_TAKEN))
    return checks


def _reason_checks(facts: JhtFacts, reason: JhtReason) -> list[Check]:
    """Return the checks of the claim reason's own conditions."""
    if reason == JhtReason.AGE_56:
        return [_age_check(facts)]
    if reason in (JhtReason.RESIGNED, JhtReason.TERMINATED):
        return [_waiting_check(facts)]
    if reason == JhtReason.LEFT_INDONESIA and facts.nationality == Nationality.WNI:
        return [fail(Reason.NOT_FOR_CITIZENS)]
    if reason in (JhtReason.PARTIAL_10, JhtReason.PARTIAL_30):
        return _partial_checks(facts)
    return []


def _caveats(facts: JhtFacts, reason: JhtReason) -> tuple[Caveat, ...]:
    """Return the uncertain points this JHT decision rests on."""
    caveats = []
    if facts.segment == Segment.PMI and reason not in _PMI_CONFIRMED:
        caveats.append(Caveat.JHT_PMI_REASONS)
    if reason == JhtReason.PKWT_ENDED:
        caveats.append(Caveat.JHT_PKWT_DOCUMENTS)
    if reason == JhtReason.BPU_STOPPED:
        caveats.append(Caveat.JHT_BPU_DOCUMENTS)
    if reason == JhtReason.LEFT_INDONESIA and facts.nationality == Nationality.WNA:
        caveats.append(Caveat.JHT_LEAVING_DOCUMENTS)
    if reason == JhtReason.AGE_56 and facts.birth_date and is_leap_day(facts.birth_date):
        caveats.append(Caveat.LEAP_DAY_BIRTHDAY)
    return tuple(caveats)


def _alternatives(facts: JhtFacts, checks: list[Check]) -> tuple[Route, ...]:
    """Return what the participant can claim instead, when this claim fails."""
    failed = {c.reason for c in checks}
    if Reason.PMI_NO_JHT in failed:
        return (Route(Program.JKK), Route(Program.JKM))
    if Reason.NOT_FOR_CITIZENS in failed:
        return tuple(
            Route(Program.JHT, r) for r in applicable_reasons(facts.nationality, facts.segment)
        )
    return ()


def decide_jht(facts: JhtFacts) -> Decision:
    """Decide whether a JHT claim can be filed on `facts.as_of`, and for what share.

    Raises `MissingFact` naming the first fact the outcome depends on that was not given
    (`reason`, then `jht_opted_in` for PMI, then the reason's own facts), and `InvalidFact`
    for an impossible one.
    """
    check_date("as_of", facts.as_of)
    if facts.reason is None:
        raise MissingFact("reason")
    reason = facts.reason
    if facts.segment == Segment.PMI and facts.nationality == Nationality.WNA:
        raise InvalidFact("nationality", "a migrant worker (PMI) is an Indonesian citizen")
    checks: list[Check] = []
    if facts.segment == Segment.PMI:
        if facts.jht_opted_in is None:
            checks.append(unknown("jht_opted_in"))
        elif not facts.jht_opted_in:
            checks.append(fail(Reason.PMI_NO_JHT))
    checks += _reason_checks(facts, reason)
    return conclude(
        Program.JHT,
        checks,
        granted=_GRANTED[reason],
        documents=jht_documents(reason, segment=facts.segment, nationality=facts.nationality),
        max_percent=_MAX_PERCENT.get(reason, 100),
        caveats=_caveats(facts, reason),
        alternatives=_alternatives(facts, checks),
    )
