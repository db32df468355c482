"""JKM claims by the heirs: PP 44/2015 as amended by PP 82/2019; Permenaker 5/2021, 4/2023."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.errors import InvalidFact, MissingFact
from dialogues.rules.common import Route
from dialogues.rules.documents import Document as D
from dialogues.rules.facts import DeathCause, JkmFacts, Segment
from dialogues.rules.jkm import decide_jkm
from dialogues.rules.reasons import Reason
from nlu import Program
from tests.rules.conftest import Today


def test_pp_82_2019_death_while_a_member_not_at_work_is_covered(today: Today) -> None:
    decision = decide_jkm(
        JkmFacts(
            as_of=today(date(2026, 8, 2)),
            death_cause=DeathCause.OTHER,
            death_date=date(2026, 8, 1),
            membership_active=True,
        )
    )
    assert decision.eligible
    assert decision.reasons == (Reason.DEATH_COVERED,)
    assert D.DEATH_CERTIFICATE in decision.documents
    assert D.HEIR_CERTIFICATE in decision.documents
    assert "max_percent" not in decision.to_dict()


def test_pp_82_2019_death_on_the_day_itself_can_be_claimed(today: Today) -> None:
    decision = decide_jkm(
        JkmFacts(
            as_of=today(date(2026, 8, 1)),
            death_cause=DeathCause.OTHER,
            death_date=date(2026, 8, 1),
            membership_active=True,
        )
    )
    assert decision.eligible


def test_pp_82_2019_death_from_a_work_accident_is_jkk_not_jkm() -> None:
    decision = decide_jkm(JkmFacts(as_of=date(2026, 8, 2), death_cause=DeathCause.WORK_ACCIDENT))
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.USE_JKK,)
    assert decision.alternatives == (Route(Program.JKK),)


def test_pp_82_2019_death_after_the_membership_lapsed() -> None:
    decision = decide_jkm(
        JkmFacts(
            as_of=date(2026, 8, 2),
            death_cause=DeathCause.OTHER,
            membership_active=False,
            contribution_years=10,
        )
    )
    assert not decision.eligible
    assert decision.reasons == (Reason.MEMBERSHIP_INACTIVE,)


@pytest.mark.parametrize(
    ("years", "note", "scholarship_documents"),
    [
        (2, Reason.SCHOLARSHIP_CONTRIBUTIONS_TOO_FEW, False),
        (3, Reason.SCHOLARSHIP_QUALIFIES, True),
    ],
)
def test_permenaker_5_2021_scholarship_needs_3_years_of_contributions(
    years: int, note: Reason, scholarship_documents: bool
) -> None:
    decision = decide_jkm(
        JkmFacts(
            as_of=date(2026, 8, 2),
            death_cause=DeathCause.OTHER,
            membership_active=True,
            contribution_years=years,
        )
    )
    assert decision.eligible
    assert decision.reasons == (Reason.DEATH_COVERED, note)
    assert (D.CHILD_BIRTH_CERTIFICATE in decision.documents) is scholarship_documents


def test_permenaker_4_2023_art_57_migrant_worker_death_documents() -> None:
    decision = decide_jkm(
        JkmFacts(
            as_of=date(2026, 8, 2),
            death_cause=DeathCause.OTHER,
            membership_active=True,
            segment=Segment.PMI,
        )
    )
    assert D.DEATH_CERTIFICATE_ABROAD in decision.documents
    assert D.KTP_OR_PASSPORT in decision.documents
    assert D.LEAVE_LETTER in decision.documents


def test_pp_82_2019_asks_the_cause_then_the_membership() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jkm(JkmFacts(as_of=date(2026, 8, 2)))
    assert error.value.field == "death_cause"
    with pytest.raises(MissingFact) as error:
        decide_jkm(JkmFacts(as_of=date(2026, 8, 2), death_cause=DeathCause.OTHER))
    assert error.value.field == "membership_active"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"death_date": date(2026, 8, 3)}, "death_date"),
        ({"contribution_years": -1}, "contribution_years"),
    ],
)
def test_pp_82_2019_impossible_facts_are_named(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidFact) as error:
        decide_jkm(
            JkmFacts(
                as_of=date(2026, 8, 2),
                death_cause=DeathCause.OTHER,
                membership_active=True,
                **changes,  # type: ignore[arg-type]
            )
        )
    assert error.value.field == field
