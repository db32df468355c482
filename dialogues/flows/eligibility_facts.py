"""From the walkthrough's answers to the rules' facts, and the few questions it adds.

The rules default some facts instead of asking for them; the walkthrough asks for these
where they change the answer:

- JHT: the participant's segment (a migrant worker's JHT is optional), right after the
  reason (an informal worker who stopped work is BPU); the nationality only for "leaving
  Indonesia for good", which is for foreign nationals (a migrant worker is a citizen).
- JKK and JKM: whether it happened to a migrant worker abroad (other documents), once the
  claim can be made; JKM: the years of contributions (the children's scholarship).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dialogues.flows.base import Turn
from dialogues.flows.eligibility_questions import QUESTIONS
from dialogues.flows.questions import Answer, Kind, from_payload, mentioned
from dialogues.flows.walkthrough import Progress
from dialogues.rules import Decision
from dialogues.rules.facts import (
    AccidentContext,
    DeathCause,
    Facts,
    JhtFacts,
    JhtReason,
    JkkFacts,
    JkmFacts,
    JkpFacts,
    JpFacts,
    Nationality,
    Segment,
    TerminationType,
)
from nlu import Program


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _segment(program: Program, answers: Mapping[str, Any]) -> Segment:
    if program == Program.JHT and answers.get("reason") == JhtReason.BPU_STOPPED:
        return Segment.BPU
    return Segment(answers.get("segment", Segment.PU))


def build_facts(program: Program, answers: Mapping[str, Any], as_of: date) -> Facts:
    """Return the facts of the answers so far (what is not answered is left out)."""
    a = answers
    if program == Program.JHT:
        return JhtFacts(
            as_of=as_of,
            reason=JhtReason(a["reason"]) if "reason" in a else None,
            nationality=Nationality(a.get("nationality", Nationality.WNI)),
            segment=_segment(program, a),
            birth_date=_day(a.get("birth_date")),
            membership_start=_day(a.get("membership_start")),
            employment_end_date=_day(a.get("employment_end_date")),
            previous_partial_claim=a.get("previous_partial_claim"),
            jht_opted_in=a.get("jht_opted_in"),
        )
    if program == Program.JKP:
        return JkpFacts(
            as_of=as_of,
            termination_type=TerminationType(a["termination_type"])
            if "termination_type" in a
            else None,
            termination_date=_day(a.get("termination_date")),
            contribution_months_last_24=a.get("contribution_months_last_24"),
            consecutive_months_before_termination=a.get("consecutive_months_before_termination"),
            willing_to_work=a.get("willing_to_work"),
            employed_again=a.get("employed_again"),
        )
    if program == Program.JKM:
        return JkmFacts(
            as_of=as_of,
            death_cause=DeathCause(a["death_cause"]) if "death_cause" in a else None,
            membership_active=a.get("membership_active"),
            contribution_years=a.get("contribution_years"),
            segment=_segment(program, a),
        )
    if program == Program.JKK:
        return JkkFacts(
            as_of=as_of,
            accident_context=AccidentContext(a["accident_context"])
            if "accident_context" in a
            else None,
            membership_active=a.get("membership_active"),
            segment=_segment(program, a),
        )
    return JpFacts(
        as_of=as_of,
        birth_date=_day(a.get("birth_date")),
        contribution_months=a.get("contribution_months"),
    )


def before_rules(program: Program, answers: Mapping[str, Any]) -> str | None:
    """Return a fact the rules default but this walkthrough asks for first, if any."""
    reason = answers.get("reason")
    if program != Program.JHT or reason is None:
        return None
    if "segment" not in answers and reason != JhtReason.BPU_STOPPED:
        return "segment"
    migrant = answers.get("segment") == Segment.PMI
    if reason == JhtReason.LEFT_INDONESIA and not migrant and "nationality" not in answers:
        return "nationality"
    return None


def after_rules(program: Program, answers: Mapping[str, Any], decision: Decision) -> str | None:
    """Return a fact that changes the answer's details (documents, scholarship), if any."""
    if program not in (Program.JKK, Program.JKM) or not decision.documents:
        return None
    if "segment" not in answers:
        return "segment"
    if program == Program.JKM and "contribution_years" not in answers:
        return "contribution_years"
    return None


def prefilled(program: Program, turn: Turn, progress: Progress) -> Progress:
    """Take the answers a button carries, or the closed answers an opening message names.

    "bisa klaim jht ga kalau resign?" answers the JHT reason at once; an answer a button
    carries for an earlier question corrects it.
    """
    for (subject, _field), question in QUESTIONS.items():
        if subject != program:
            continue
        raw = turn.entity(question.field)
        found: Answer | None = None
        if raw is not None:
            found = from_payload(question, raw)
        elif not turn.from_button and question.kind == Kind.CHOICE:
            option = mentioned(turn.text, question.options)
            found = Answer(option.value) if option else None
        if found is not None:
            progress = progress.answer(question.field, found.value)
    return progress
