"""JHT claims: PP 46/2015 art. 22, Permenaker 4/2022 (criteria a to k), Permenaker 4/2023."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules import decide
from dialogues.rules.caveats import Caveat
from dialogues.rules.common import Route
from dialogues.rules.documents import Document as D
from dialogues.rules.facts import JhtFacts, JhtReason, Nationality, Segment
from dialogues.rules.jht import applicable_reasons, decide_jht
from dialogues.rules.reasons import Reason
from nlu import Program
from tests.rules.conftest import Today


def jht(reason: JhtReason, as_of: date, **facts: object) -> JhtFacts:
    return JhtFacts(as_of=as_of, reason=reason, **facts)  # type: ignore[arg-type]


# (a) age 56 -----------------------------------------------------------------------------------


def test_pp_46_2015_art_22_age_56_the_day_before_the_56th_birthday(today: Today) -> None:
    decision = decide_jht(
        jht(JhtReason.AGE_56, today(date(2026, 6, 9)), birth_date=date(1970, 6, 10))
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2026, 6, 10)
    assert decision.reasons == (Reason.AGE_NOT_REACHED,)
    assert decision.max_percent == 100
    assert decision.documents == (D.PARTICIPANT_CARD, D.KTP)


def test_pp_46_2015_art_22_age_56_on_the_56th_birthday(today: Today) -> None:
    decision = decide_jht(
        jht(JhtReason.AGE_56, today(date(2026, 6, 10)), birth_date=date(1970, 6, 10))
    )
    assert decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.AGE_REACHED,)
    assert decision.to_dict() == {
        "program": "JHT",
        "eligible": True,
        "earliest_date": None,
        "max_percent": 100,
        "reasons": ["age_reached"],
        "documents": ["participant_card", "ktp"],
    }


def test_pp_46_2015_art_22_age_56_born_29_february(today: Today) -> None:
    birth = date(1972, 2, 29)  # 56 in 2028, a leap year: on 29 February itself
    before = decide_jht(jht(JhtReason.AGE_56, today(date(2028, 2, 28)), birth_date=birth))
    assert not before.eligible
    assert before.earliest_date == date(2028, 2, 29)
    assert Caveat.LEAP_DAY_BIRTHDAY in before.caveats
    assert decide_jht(jht(JhtReason.AGE_56, today(date(2028, 2, 29)), birth_date=birth)).eligible


def test_pp_46_2015_art_22_age_56_born_29_february_with_no_29_february_that_year() -> None:
    birth = date(2044, 2, 29)  # 2100 is not a leap year: the birthday counts on 28 February
    before = decide_jht(jht(JhtReason.AGE_56, date(2100, 2, 27), birth_date=birth))
    assert not before.eligible
    assert before.earliest_date == date(2100, 2, 28)
    assert decide_jht(jht(JhtReason.AGE_56, date(2100, 2, 28), birth_date=birth)).eligible


def test_pp_46_2015_art_22_age_56_needs_the_birth_date() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jht(jht(JhtReason.AGE_56, date(2026, 1, 1)))
    assert error.value.field == "birth_date"


def test_pp_46_2015_art_22_a_birth_date_after_as_of_is_impossible() -> None:
    with pytest.raises(InvalidFact) as error:
        decide_jht(jht(JhtReason.AGE_56, date(2026, 1, 1), birth_date=date(2026, 1, 2)))
    assert error.value.field == "birth_date"


# (b) retirement age ---------------------------------------------------------------------------


def test_permenaker_4_2022_retirement_age_set_by_contract_is_eligible(today: Today) -> None:
    decision = decide_jht(jht(JhtReason.RETIREMENT_AGE, today(date(2026, 5, 1))))
    assert decision.eligible
    assert decision.reasons == (Reason.RETIREMENT_AGE_REACHED,)
    assert decision.documents == (D.PARTICIPANT_CARD, D.KTP)


# (e), (f) resignation and dismissal -----------------------------------------------------------


@pytest.mark.parametrize("reason", [JhtReason.RESIGNED, JhtReason.TERMINATED])
def test_permenaker_4_2022_resigned_waits_one_month_the_day_before(
    today: Today, reason: JhtReason
) -> None:
    decision = decide_jht(
        jht(reason, today(date(2026, 12, 14)), employment_end_date=date(2026, 11, 15))
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2026, 12, 15)
    assert decision.reasons == (Reason.WAITING_PERIOD,)
    assert decision.max_percent == 100


@pytest.mark.parametrize("reason", [JhtReason.RESIGNED, JhtReason.TERMINATED])
def test_permenaker_4_2022_resigned_waits_one_month_the_day_of(
    today: Today, reason: JhtReason
) -> None:
    decision = decide_jht(
        jht(reason, today(date(2026, 12, 15)), employment_end_date=date(2026, 11, 15))
    )
    assert decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.WAITING_PERIOD_OVER,)


def test_permenaker_4_2022_resigned_documents() -> None:
    decision = decide_jht(
        jht(JhtReason.RESIGNED, date(2026, 12, 1), employment_end_date=date(2026, 11, 15))
    )
    assert decision.to_dict() == {
        "program": "JHT",
        "eligible": False,
        "earliest_date": "2026-12-15",
        "max_percent": 100,
        "reasons": ["waiting_period"],
        "documents": ["participant_card", "ktp", "resignation_letter"],
    }


def test_permenaker_4_2022_terminated_needs_proof_of_the_dismissal() -> None:
    decision = decide_jht(
        jht(JhtReason.TERMINATED, date(2026, 12, 20), employment_end_date=date(2026, 11, 15))
    )
    assert decision.documents == (D.PARTICIPANT_CARD, D.KTP, D.PHK_PROOF)


@pytest.mark.parametrize(
    ("end", "day_before", "day_of"),
    [
        (date(2026, 1, 31), date(2026, 2, 27), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 28), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 1, 30), date(2027, 1, 31)),
    ],
)
def test_permenaker_4_2022_resigned_one_month_wait_at_the_end_of_a_month(
    end: date, day_before: date, day_of: date
) -> None:
    before = decide_jht(jht(JhtReason.RESIGNED, day_before, employment_end_date=end))
    assert not before.eligible and before.earliest_date == day_of
    assert decide_jht(jht(JhtReason.RESIGNED, day_of, employment_end_date=end)).eligible


def test_permenaker_4_2022_resigned_with_a_future_last_day_waits_past_it() -> None:
    decision = decide_jht(
        jht(JhtReason.RESIGNED, date(2026, 10, 1), employment_end_date=date(2026, 10, 31))
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2026, 11, 30)


def test_permenaker_4_2022_resigned_needs_the_last_day_of_work() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jht(jht(JhtReason.RESIGNED, date(2026, 1, 1)))
    assert error.value.field == "employment_end_date"


# (c), (d) work stopped ------------------------------------------------------------------------


def test_permenaker_4_2022_pkwt_ended_is_eligible_with_unconfirmed_documents() -> None:
    decision = decide_jht(jht(JhtReason.PKWT_ENDED, date(2026, 1, 1)))
    assert decision.eligible
    assert decision.reasons == (Reason.WORK_STOPPED,)
    assert D.CONTRACT_END_PROOF in decision.documents
    assert decision.caveats == (Caveat.JHT_PKWT_DOCUMENTS,)


def test_permenaker_4_2022_bpu_stopped_is_eligible_with_unconfirmed_documents() -> None:
    decision = decide_jht(jht(JhtReason.BPU_STOPPED, date(2026, 1, 1), segment=Segment.BPU))
    assert decision.eligible
    assert decision.reasons == (Reason.WORK_STOPPED,)
    assert decision.caveats == (Caveat.JHT_BPU_DOCUMENTS,)


# (g) leaving Indonesia for good ---------------------------------------------------------------


def test_permenaker_4_2022_art_12_left_indonesia_for_a_foreign_national() -> None:
    decision = decide_jht(
        jht(JhtReason.LEFT_INDONESIA, date(2026, 1, 1), nationality=Nationality.WNA)
    )
    assert decision.eligible
    assert decision.reasons == (Reason.LEAVING_INDONESIA,)
    assert decision.documents == (
        D.PARTICIPANT_CARD,
        D.NO_LONGER_WORKING_STATEMENT,
        D.PASSPORT,
    )
    assert decision.caveats == (Caveat.JHT_LEAVING_DOCUMENTS,)


def test_permenaker_4_2022_art_12_left_indonesia_not_for_citizens() -> None:
    decision = decide_jht(jht(JhtReason.LEFT_INDONESIA, date(2026, 1, 1)))
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.NOT_FOR_CITIZENS,)
    assert decision.documents == ()
    routes = {route.jht_reason for route in decision.alternatives}
    assert JhtReason.LEFT_INDONESIA not in routes
    assert {JhtReason.AGE_56, JhtReason.RESIGNED, JhtReason.PARTIAL_10} <= routes
    assert all(route.program == Program.JHT for route in decision.alternatives)


def test_permenaker_4_2022_reasons_that_apply_by_segment() -> None:
    assert JhtReason.BPU_STOPPED in applicable_reasons(Nationality.WNI, Segment.BPU)
    assert JhtReason.BPU_STOPPED not in applicable_reasons(Nationality.WNI, Segment.PU)
    assert JhtReason.LEFT_INDONESIA in applicable_reasons(Nationality.WNA, Segment.PU)
    assert applicable_reasons(Nationality.WNI, Segment.PMI) == (
        JhtReason.AGE_56,
        JhtReason.TOTAL_DISABILITY,
        JhtReason.DEATH,
    )


def test_permenaker_4_2022_foreign_nationals_show_a_passport_not_a_ktp() -> None:
    decision = decide_jht(jht(JhtReason.RETIREMENT_AGE, date(2026, 1, 1), nationality="WNA"))
    assert decision.documents == (D.PARTICIPANT_CARD, D.PASSPORT)


# (h), (i) disability and death ----------------------------------------------------------------


def test_permenaker_4_2022_total_disability_is_eligible() -> None:
    decision = decide_jht(jht(JhtReason.TOTAL_DISABILITY, date(2026, 1, 1)))
    assert decision.eligible
    assert decision.reasons == (Reason.TOTAL_DISABILITY,)
    assert D.DOCTOR_DISABILITY_STATEMENT in decision.documents


def test_permenaker_4_2022_death_heirs_claim() -> None:
    decision = decide_jht(jht(JhtReason.DEATH, date(2026, 1, 1)))
    assert decision.eligible
    assert decision.reasons == (Reason.HEIRS_CLAIM,)
    assert decision.documents == (D.PARTICIPANT_CARD, D.DEATH_CERTIFICATE, D.HEIR_CERTIFICATE)


# (j), (k) partial claims ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "percent"), [(JhtReason.PARTIAL_10, 10), (JhtReason.PARTIAL_30, 30)]
)
def test_pp_46_2015_art_22_partial_needs_10_years_the_day_before(
    today: Today, reason: JhtReason, percent: int
) -> None:
    decision = decide_jht(
        jht(
            reason,
            today(date(2026, 4, 30)),
            membership_start=date(2016, 5, 1),
            previous_partial_claim=False,
        )
    )
    assert not decision.eligible
    assert decision.earliest_date == date(2026, 5, 1)
    assert decision.reasons == (Reason.MEMBERSHIP_TOO_SHORT,)
    assert decision.max_percent == percent


@pytest.mark.parametrize(
    ("reason", "percent"), [(JhtReason.PARTIAL_10, 10), (JhtReason.PARTIAL_30, 30)]
)
def test_pp_46_2015_art_22_partial_needs_10_years_the_day_of(
    today: Today, reason: JhtReason, percent: int
) -> None:
    decision = decide_jht(
        jht(
            reason,
            today(date(2026, 5, 1)),
            membership_start=date(2016, 5, 1),
            previous_partial_claim=False,
        )
    )
    assert decision.eligible
    assert decision.reasons == (Reason.PARTIAL_ALLOWED,)
    assert decision.max_percent == percent
    assert decision.to_dict()["max_percent"] == percent


def test_pp_46_2015_art_22_partial_once_only() -> None:
    decision = decide_jht(
        jht(
            JhtReason.PARTIAL_30,
            date(2026, 5, 1),
            membership_start=date(2010, 1, 1),
            previous_partial_claim=True,
        )
    )
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.PARTIAL_ALREADY_TAKEN,)
    assert decision.documents == ()


def test_pp_46_2015_art_22_partial_once_only_decides_without_the_membership_date() -> None:
    decision = decide_jht(jht(JhtReason.PARTIAL_10, date(2026, 5, 1), previous_partial_claim=True))
    assert decision.reasons == (Reason.PARTIAL_ALREADY_TAKEN,)


def test_pp_46_2015_art_22_partial_too_short_and_already_taken_lists_both() -> None:
    decision = decide_jht(
        jht(
            JhtReason.PARTIAL_10,
            date(2026, 5, 1),
            membership_start=date(2020, 1, 1),
            previous_partial_claim=True,
        )
    )
    assert decision.reasons == (Reason.MEMBERSHIP_TOO_SHORT, Reason.PARTIAL_ALREADY_TAKEN)
    assert decision.earliest_date is None


def test_pp_46_2015_art_22_partial_documents_differ_for_housing() -> None:
    facts = {"membership_start": date(2010, 1, 1), "previous_partial_claim": False}
    ten = decide_jht(jht(JhtReason.PARTIAL_10, date(2026, 1, 1), **facts))
    thirty = decide_jht(jht(JhtReason.PARTIAL_30, date(2026, 1, 1), **facts))
    assert D.SAVINGS_BOOK in ten.documents and D.PARTNER_BANK_DOCUMENTS not in ten.documents
    assert D.PARTNER_BANK_DOCUMENTS in thirty.documents and D.PROPERTY_DEED in thirty.documents


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"previous_partial_claim": False}, "membership_start"),
        ({"membership_start": date(2010, 1, 1)}, "previous_partial_claim"),
    ],
)
def test_pp_46_2015_art_22_partial_asks_for_what_it_needs(
    facts: dict[str, object], field: str
) -> None:
    with pytest.raises(MissingFact) as error:
        decide_jht(jht(JhtReason.PARTIAL_10, date(2026, 1, 1), **facts))
    assert error.value.field == field


# Migrant workers ------------------------------------------------------------------------------


def test_permenaker_4_2023_pmi_without_jht_has_no_balance_but_jkk_and_jkm() -> None:
    decision = decide_jht(
        jht(JhtReason.AGE_56, date(2026, 1, 1), segment=Segment.PMI, jht_opted_in=False)
    )
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.PMI_NO_JHT,)
    assert decision.alternatives == (Route(Program.JKK), Route(Program.JKM))


def test_permenaker_4_2023_pmi_asks_whether_they_joined_jht_first() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jht(jht(JhtReason.AGE_56, date(2026, 1, 1), segment=Segment.PMI))
    assert error.value.field == "jht_opted_in"


def test_permenaker_4_2023_art_60_pmi_age_56_documents() -> None:
    decision = decide_jht(
        jht(
            JhtReason.AGE_56,
            date(2026, 6, 10),
            segment=Segment.PMI,
            jht_opted_in=True,
            birth_date=date(1970, 6, 10),
        )
    )
    assert decision.eligible
    assert decision.documents == (D.PARTICIPANT_CARD, D.KTP_OR_PASSPORT, D.OWN_SAVINGS_ACCOUNT)
    assert decision.caveats == ()


def test_permenaker_4_2023_art_60_pmi_death_documents_from_the_mission() -> None:
    decision = decide_jht(
        jht(JhtReason.DEATH, date(2026, 1, 1), segment=Segment.PMI, jht_opted_in=True)
    )
    assert D.DEATH_CERTIFICATE_ABROAD in decision.documents
    assert D.LEAVE_LETTER in decision.documents


def test_permenaker_4_2023_pmi_other_reasons_are_uncertain() -> None:
    decision = decide_jht(
        jht(
            JhtReason.RESIGNED,
            date(2026, 3, 1),
            segment=Segment.PMI,
            jht_opted_in=True,
            employment_end_date=date(2026, 1, 10),
        )
    )
    assert decision.eligible
    assert Caveat.JHT_PMI_REASONS in decision.caveats
    assert D.KTP_OR_PASSPORT in decision.documents


def test_permenaker_4_2023_a_migrant_worker_is_a_citizen() -> None:
    with pytest.raises(InvalidFact) as error:
        decide_jht(
            jht(
                JhtReason.DEATH,
                date(2026, 1, 1),
                segment=Segment.PMI,
                nationality=Nationality.WNA,
                jht_opted_in=True,
            )
        )
    assert error.value.field == "nationality"


def test_the_reason_is_asked_first() -> None:
    with pytest.raises(MissingFact) as error:
        decide(JhtFacts(as_of=date(2026, 1, 1)))
    assert error.value.field == "reason"
