"""What each role may do in the back office.

Two roles (`OfficerRole`):

| what                                                       | officer | supervisor |
|------------------------------------------------------------|---------|------------|
| read the queue, claims, documents, audit trail, tickets    | yes     | yes        |
| take a claim up, ask for documents, schedule the interview | yes     | yes        |
| approve a claim (after the interview)                      | no      | yes        |
| reject a claim                                             | no      | yes        |
| mark a claim paid                                          | no      | yes        |
| see the whole bank account number (approved claims only)   | no      | yes        |
| reply to tickets, take a conversation over, hand it back   | yes     | yes        |

The reasoning: the moves that decide money (approving, paying) or end a worker's claim
(rejecting) take a second, more senior pair of eyes; everything that moves a claim along
without deciding it is everyday work. The full bank number is needed only to pay, so only
the people who mark claims paid see it, and only once the claim is approved.
"""

from __future__ import annotations

from backend.claims.states import ActorKind, ClaimState, next_states
from backend.db.officers import Officer, OfficerRole
from backend.errors import NotAllowed

SUPERVISOR_ONLY = frozenset({ClaimState.APPROVED, ClaimState.REJECTED, ClaimState.PAID})
"""The states only a supervisor may move a claim to."""


def may_move_to(role: OfficerRole, target: ClaimState) -> bool:
    """Tell whether `role` may move a claim to `target` (the state table aside)."""
    return role is OfficerRole.SUPERVISOR or target not in SUPERVISOR_ONLY


def check_may_move_to(officer: Officer, target: ClaimState) -> None:
    """Raise `NotAllowed` unless the officer's role may move a claim to `target`."""
    if not may_move_to(officer.role, target):
        raise NotAllowed(f"move a claim to {target}", OfficerRole.SUPERVISOR.value)


def moves_for(role: OfficerRole, source: ClaimState) -> list[ClaimState]:
    """Return the states an officer of `role` may move a claim in `source` to."""
    return [to for to in next_states(source, ActorKind.OFFICER) if may_move_to(role, to)]


def sees_full_bank_account(role: OfficerRole, state: ClaimState) -> bool:
    """Tell whether `role` sees the whole bank account number of a claim in `state`."""
    return role is OfficerRole.SUPERVISOR and state is ClaimState.APPROVED
