"""JKK claims: PP 44/2015 as amended by PP 82/2019; Permenaker 4/2023 art. 50 for PMI."""

from __future__ import annotations

from datetime import date

import pytest

from dialogues.errors import MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.common import Route
from dialogues.rules.documents import Document as D
from dialogues.rules.facts import AccidentContext, JkkFacts, Segment
from dialogues.rules.jkk import decide_jkk
from dialogues.rules.reasons import Reason
from nlu import Program
from tests.rules.conftest import Today


@pytest.mark.parametrize(
    "context",
    [AccidentContext.AT_WORK, AccidentContext.COMMUTE, AccidentContext.OCCUPATIONAL_DISEASE],
)
def test_pp_82_2019_work_accidents_commute_and_diseases_are_covered(
    today: Today, context: AccidentContext
) -> None:
    decision = decide_jkk(
        JkkFacts(as_of=today(date(2026, 3, 1)), accident_context=context, membership_active=True)
    )
    assert decision.eligible
    assert decision.reasons == (Reason.ACCIDENT_COVERED,)
    assert D.ACCIDENT_CHRONOLOGY in decision.documents
    assert decision.caveats == (Caveat.JKK_DOCUMENTS,)
    assert "max_percent" not in decision.to_dict()


def test_pp_82_2019_an_accident_outside_work_is_not_jkk() -> None:
    decision = decide_jkk(
        JkkFacts(as_of=date(2026, 3, 1), accident_context=AccidentContext.OUTSIDE_WORK)
    )
    assert not decision.eligible
    assert decision.earliest_date is None
    assert decision.reasons == (Reason.NOT_WORK_RELATED,)
    assert decision.alternatives == (Route(Program.JKM),)


def test_pp_82_2019_only_while_the_membership_is_active() -> None:
    decision = decide_jkk(
        JkkFacts(
            as_of=date(2026, 3, 1),
            accident_context=AccidentContext.AT_WORK,
            membership_active=False,
        )
    )
    assert not decision.eligible
    assert decision.reasons == (Reason.MEMBERSHIP_INACTIVE,)


def test_pp_82_2019_a_road_accident_needs_the_police_report() -> None:
    commute = decide_jkk(
        JkkFacts(
            as_of=date(2026, 3, 1), accident_context=AccidentContext.COMMUTE, membership_active=True
        )
    )
    at_work = decide_jkk(
        JkkFacts(
            as_of=date(2026, 3, 1), accident_context=AccidentContext.AT_WORK, membership_active=True
        )
    )
    assert D.POLICE_REPORT in commute.documents
    assert D.POLICE_REPORT not in at_work.documents


def test_permenaker_4_2023_art_50_migrant_worker_abroad_documents() -> None:
    decision = decide_jkk(
        JkkFacts(
            as_of=date(2026, 3, 1),
            accident_context=AccidentContext.AT_WORK,
            membership_active=True,
            segment=Segment.PMI,
        )
    )
    assert decision.eligible
    assert {D.PASSPORT, D.MISSION_LETTER, D.FOREIGN_HOSPITAL_PAPERS} <= set(decision.documents)
    assert D.KTP not in decision.documents


def test_pp_82_2019_asks_the_context_then_the_membership() -> None:
    with pytest.raises(MissingFact) as error:
        decide_jkk(JkkFacts(as_of=date(2026, 3, 1)))
    assert error.value.field == "accident_context"
    with pytest.raises(MissingFact) as error:
        decide_jkk(JkkFacts(as_of=date(2026, 3, 1), accident_context=AccidentContext.COMMUTE))
    assert error.value.field == "membership_active"
