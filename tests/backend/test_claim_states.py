"""The claim state table: its diagram is current, and its answers."""

from __future__ import annotations

from backend.claims.states import (
    DIAGRAM,
    TRANSITIONS,
    Actor,
    ActorKind,
    ClaimState,
    allowed,
    mermaid,
    next_states,
)


def test_the_diagram_beside_the_table_is_current() -> None:
    assert DIAGRAM.read_text(encoding="utf-8") == mermaid(), "rewrite states.mmd from mermaid()"


def test_the_table() -> None:
    assert allowed(ClaimState.SUBMITTED, ClaimState.CANCELLED, ActorKind.WORKER)
    assert not allowed(ClaimState.SUBMITTED, ClaimState.CANCELLED, ActorKind.OFFICER)
    assert not allowed(ClaimState.VERIFYING, ClaimState.APPROVED, ActorKind.OFFICER)
    assert next_states(ClaimState.VERIFYING, ActorKind.OFFICER) == [
        ClaimState.NEEDS_DOCUMENTS,
        ClaimState.INTERVIEW_SCHEDULED,
        ClaimState.REJECTED,
    ]
    assert next_states(ClaimState.NEEDS_DOCUMENTS, ActorKind.WORKER) == [ClaimState.SUBMITTED]
    assert all(actors for actors in TRANSITIONS.values())


def test_actors_are_labelled_for_the_audit_log() -> None:
    assert Actor.worker("telegram", "12345").label == "telegram:12345"
    assert Actor.officer("siti").label == "siti"
