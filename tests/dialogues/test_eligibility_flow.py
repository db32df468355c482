"""The eligibility walkthrough called directly: "today" in the user's time zone, and state."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dialogues.content import Content
from dialogues.flows import eligibility, timezone
from dialogues.flows.base import FlowContext, Turn
from dialogues.state import Conversation
from nlu import Entity, Intent, Language

CONTEXT = FlowContext(content=Content.load())
# 16:30 UTC on 20 November 2026: 23:30 in Jakarta (still the 20th), 00:30 in Taipei (the 21st).
NOW = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)


def button(now: datetime = NOW, **entities: str) -> Turn:
    return Turn(
        text="/check_eligibility",
        intent=Intent.CHECK_ELIGIBILITY,
        confidence=1.0,
        language=Language.EN,
        now=now,
        entities=tuple(Entity(k, v, 0, 0) for k, v in entities.items()),
        from_button=True,
    )


RESIGNED = {
    "program": "JHT",
    "reason": "resigned",
    "segment": "PU",
    # The one-month wait ends on 21 November 2026.
    "employment_end_date": "2026-10-21",
}


JAKARTA = Conversation(slots={"timezone": "Asia/Jakarta"})


def decision_of(conversation: Conversation) -> dict[str, object]:
    outcome = eligibility.start(button(**RESIGNED), conversation, CONTEXT)
    custom = next(r.custom for r in outcome.replies if r.custom)
    return dict(custom["decision"])


def test_today_is_in_jakarta_for_a_worker_in_jakarta() -> None:
    decision = decision_of(JAKARTA)
    assert decision["eligible"] is False
    assert decision["earliest_date"] == "2026-11-21"


def test_at_night_an_unknown_time_zone_is_asked_first() -> None:
    # 23:30 in Jakarta is 00:30 in Taipei: "today" depends on where the worker is.
    for conversation in (Conversation(), Conversation(slots={"timezone": "Mars/Olympus"})):
        outcome = eligibility.start(button(**RESIGNED), conversation, CONTEXT)
        assert outcome.conversation.flow == timezone.FLOW
        assert not any(r.custom for r in outcome.replies)
        then = outcome.conversation.slots[timezone.ASKING]["then"]
        assert then == {"intent": Intent.CHECK_ELIGIBILITY, "entities": RESIGNED}


def test_by_day_the_date_is_jakartas_without_asking() -> None:
    # 09:00 UTC: 21 November from Riyadh to Tokyo, so nothing needs asking.
    day = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    outcome = eligibility.start(button(day, **RESIGNED), Conversation(), CONTEXT)
    custom = next(r.custom for r in outcome.replies if r.custom)
    assert custom["decision"]["eligible"] is True


def test_today_is_in_the_users_time_zone() -> None:
    decision = decision_of(Conversation(slots={"timezone": "Asia/Taipei"}))
    assert decision["eligible"] is True


def test_the_decision_keeps_the_answers_and_waits_for_nothing() -> None:
    outcome = eligibility.start(button(**RESIGNED), JAKARTA, CONTEXT)
    after = outcome.conversation
    assert after.flow == eligibility.FLOW and after.step == eligibility.Step.DONE
    assert after.slots["eligibility"]["answers"]["reason"] == "resigned"
    assert eligibility.remind(after, CONTEXT) is None


def test_a_broken_slot_starts_again_with_the_program_question() -> None:
    broken = Conversation(flow=eligibility.FLOW, step="fact", slots={"eligibility": "garbage"})
    outcome = eligibility.resume(button(), broken, CONTEXT)
    assert outcome is not None
    assert outcome.conversation.step == eligibility.Step.PROGRAM
    assert '/check_eligibility{"program":"JHT"}' in [b.payload for b in outcome.replies[0].buttons]


def test_every_transition_leads_somewhere_known() -> None:
    for (step, event), target in eligibility.TRANSITIONS.items():
        assert step is None or step in eligibility.Step
        assert event in eligibility.Event
        assert target is None or target in eligibility.Step


def test_the_walkthrough_survives_a_json_store() -> None:
    started = eligibility.start(button(program="JHT", reason="age_56"), JAKARTA, CONTEXT)
    stored = Conversation.from_dict(json.loads(json.dumps(started.conversation.to_dict())))
    outcome = eligibility.resume(button(program="JHT", segment="PMI"), stored, CONTEXT)
    assert outcome is not None
    assert outcome.conversation.slots["eligibility"]["asking"] == "jht_opted_in"
