"""JKP claims: PP 37/2021 art. 19-20 and 40, as amended by PP 6/2025."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.common import Route
from dialogues.rules.documents import Document as D
from dialogues.rules.facts import JhtReason, JkpFacts, TerminationType
from dialogues.rules.jkp import claim_deadline, decide_jkp
from dialogues.rules.reasons import Reason
from nlu import Program
from tests.rules.conftest import Today

TERMINATED = date(2026, 1, 15)
QUALIFYING: dict[str, Any] = {
    "termination_type": TerminationType.PHK,
    "termination_date": TERMINATED,
    "contribution_months_last_24": 18,
    "consecutive_months_before_termination": 12,
    "willing_to_work": True,
    "employed_again": False,
}


def jkp(as_of: date, **changes: Any) -> JkpFacts:
    return JkpFacts(as_of=as_of, **{**QUALIFYING, **changes})


def test_pp_37_2021_dismissal_with_enough_contributions_is_eligible(today: Today) -> None:
    decision = decide_jkp(jkp(today(date(2026, 2, 1))))
    assert decision.eligible
    assert decision.reasons == (Reason.DISMISSAL_QUALIFIES,)
    assert decision.documents == (D.PHK_PROOF, D.KAPK, D.BANK_ACCOUNT)
    assert decision.max_percent is None
    assert "max_percent" not in decision.to_dict()
    assert set(decision.caveats) == {Caveat.JKP_PP_6_2025_DETAILS, Caveat.JKP_AGE_LIMIT}


@pytest.mark.parametrize(
    ("kind", "instead"),
    [
        (TerminationType.RESIGNED, (Route(Program.JHT, JhtReason.RESIGNED),)),
        (TerminationType.RETIRED, (Route(Program.JHT, JhtReason.RETIREMENT_AGE),)),
        (TerminationType.TOTAL_DISABILITY, (Route(Program.JHT, JhtReason.TOTAL_DISABILITY),)),
        (TerminationType.DEATH, (Route(Program.JKM), Route(Program.JHT, JhtReason.DEATH))),
        (TerminationType.PKWT_ENDED, (Route(Program.JHT, JhtReason.PKWT_ENDED),)),
    ],
)
def test_pp_37_2021_art_20_only_a_dismissal_qualifies(
    kind: TerminationType, instead: tuple[Route, ...]
) -> None:
    decision = decide_jkp(JkpFacts(as_of=date(2026, 2, 1), termination_type=kind))
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.NOT_A_DISMISSAL,)
    assert decision.documents == ()
    assert decision.alternatives == instead


@pytest.mark.parametrize(("months", "eligible"), [(11, False), (12, True), (24, True)])
def test_pp_37_2021_art_19_twelve_contribution_months_in_the_last_24(
    months: int, eligible: bool
) -> None:
    decision = decide_jkp(
        jkp(
            date(2026, 2, 1),
            contribution_months_last_24=months,
            consecutive_months_before_termination=6,
        )
    )
    assert decision.eligible is eligible
    if not eligible:
        assert decision.reasons == (Reason.CONTRIBUTIONS_TOO_FEW,)
        assert decision.earliest_date is None


@pytest.mark.parametrize(("months", "eligible"), [(5, False), (6, True), (60, True)])
def test_pp_37_2021_art_19_six_consecutive_months_before_the_dismissal(
    months: int, eligible: bool
) -> None:
    decision = decide_jkp(
        jkp(
            date(2026, 2, 1),
            contribution_months_last_24=24,
            consecutive_months_before_termination=months,
        )
    )
    assert decision.eligible is eligible
    if not eligible:
        assert decision.reasons == (Reason.CONSECUTIVE_MONTHS_TOO_FEW,)


def test_pp_6_2025_art_40_claim_window_the_last_day(today: Today) -> None:
    assert claim_deadline(TERMINATED) == date(2026, 7, 15)
    assert decide_jkp(jkp(today(date(2026, 7, 14)))).eligible
    assert decide_jkp(jkp(today(date(2026, 7, 15)))).eligible


def test_pp_6_2025_art_40_claim_window_closed_the_day_after(today: Today) -> None:
    decision = decide_jkp(jkp(today(date(2026, 7, 16))))
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.CLAIM_WINDOW_CLOSED,)


def test_pp_6_2025_art_40_claim_window_at_the_end_of_a_month() -> None:
    assert claim_deadline(date(2026, 8, 31)) == date(2027, 2, 28)
    late = decide_jkp(jkp(date(2027, 3, 1), termination_date=date(2026, 8, 31)))
    assert late.reasons == (Reason.CLAIM_WINDOW_CLOSED,)
    assert decide_jkp(jkp(date(2027, 2, 28), termination_date=date(2026, 8, 31))).eligible


def test_pp_37_2021_claim_from_the_day_of_the_dismissal(today: Today) -> None:
    before = decide_jkp(jkp(today(date(2026, 1, 14))))
    assert not before.eligible
    assert before.earliest_date == TERMINATED
    assert before.reasons == (Reason.NOT_YET_TERMINATED,)
    assert decide_jkp(jkp(today(TERMINATED))).eligible


def test_pp_37_2021_art_19_willing_to_work_again() -> None:
    decision = decide_jkp(jkp(date(2026, 2, 1), willing_to_work=False))
    assert decision.reasons == (Reason.NOT_WILLING_TO_WORK,)
    assert not decision.eligible


def test_pp_6_2025_art_40_not_employed_again() -> None:
    decision = decide_jkp(jkp(date(2026, 2, 1), employed_again=True))
    assert decision.reasons == (Reason.EMPLOYED_AGAIN,)


def test_pp_37_2021_every_failing_criterion_is_listed() -> None:
    decision = decide_jkp(
        jkp(
            date(2026, 9, 1),
            contribution_months_last_24=5,
            consecutive_months_before_termination=5,
            willing_to_work=False,
            employed_again=True,
        )
    )
    assert decision.reasons == (
        Reason.CLAIM_WINDOW_CLOSED,
        Reason.CONTRIBUTIONS_TOO_FEW,
        Reason.CONSECUTIVE_MONTHS_TOO_FEW,
        Reason.NOT_WILLING_TO_WORK,
        Reason.EMPLOYED_AGAIN,
    )


def test_pp_37_2021_facts_are_asked_in_order() -> None:
    asked = []
    known: dict[str, Any] = {"termination_type": TerminationType.PHK}
    answers = dict(QUALIFYING)
    while True:
        try:
            decide_jkp(JkpFacts(as_of=date(2026, 2, 1), **known))
            break
        except MissingFact as missing:
            asked.append(missing.field)
            known[missing.field] = answers[missing.field]
    assert asked == [
        "termination_date",
        "contribution_months_last_24",
        "consecutive_months_before_termination",
        "willing_to_work",
        "employed_again",
    ]


def test_pp_37_2021_a_failing_criterion_needs_no_more_questions() -> None:
    decision = decide_jkp(
        JkpFacts(
            as_of=date(2026, 2, 1),
            termination_type=TerminationType.PHK,
            contribution_months_last_24=3,
        )
    )
    assert decision.reasons == (Reason.CONTRIBUTIONS_TOO_FEW,)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contribution_months_last_24": 25}, "contribution_months_last_24"),
        ({"contribution_months_last_24": -1}, "contribution_months_last_24"),
        ({"consecutive_months_before_termination": -1}, "consecutive_months_before_termination"),
        (
            {"contribution_months_last_24": 12, "consecutive_months_before_termination": 13},
            "consecutive_months_before_termination",
        ),
        ({"termination_date": date(1800, 1, 1)}, "termination_date"),
    ],
)
def test_pp_37_2021_impossible_facts_are_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidFact) as error:
        decide_jkp(jkp(date(2026, 2, 1), **changes))
    assert error.value.field == field


def test_pp_37_2021_termination_type_is_asked_first() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jkp(JkpFacts(as_of=date(2026, 2, 1)))
    assert error.value.field == "termination_type"
