"""Errors of the backend.

Our exception hierarchy:

* BackendError
  + NluServiceError     the Rasa NLU server could not be reached or answered nonsense
  + MigrationError      the schema could not be migrated, or the result breaks a foreign key
  + NotFound            no such claim (or ticket, ...), or not the asker's: the same answer
  + Conflict            someone else changed it first (the version the caller saw is stale)
  + IllegalTransition   the claim state machine refuses the move (or refuses it to this actor)
  + NotClaimable        the eligibility decision says the claim can't be filed (yet)
  + InvalidInput        a value given to a service is impossible (ValueError too); `field`
  + ReferenceExhausted  no free reference was found after several random draws

Errors of the conversation store are reported as `dialogues.errors.StoreUnavailable`, the
port's own error, so the engine can keep answering without state. HTTP status codes for these
are chosen in `backend/api/` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.claims.states import ActorKind, ClaimState
    from dialogues.rules import Decision


class BackendError(Exception):
    """Root of every error the backend raises."""


class NluServiceError(BackendError):
    """The Rasa NLU server could not be reached or answered something we can't read."""


class MigrationError(BackendError):
    """The schema could not be migrated, or the result breaks a foreign key."""


class NotFound(BackendError):
    """No such thing, or one the asker may not see: both get this same error."""


class Conflict(BackendError):
    """Someone else changed the thing first: reload it and decide again."""


class IllegalTransition(BackendError):
    """The claim state machine does not allow this move, or not to this kind of actor."""

    def __init__(self, source: ClaimState, target: ClaimState, actor: ActorKind) -> None:
        super().__init__(f"{actor} may not move a claim from {source} to {target}")
        self.source = source
        self.target = target
        self.actor = actor


class NotClaimable(BackendError):
    """The eligibility decision says no, or not yet (`decision.earliest_date` says when)."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(f"{decision.program} is not claimable: {decision.reasons}")
        self.decision = decision


class InvalidInput(BackendError, ValueError):
    """A value given to a service can't be used; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ReferenceExhausted(BackendError):
    """Every random reference drawn was taken (practically impossible with 32^8 of them)."""
