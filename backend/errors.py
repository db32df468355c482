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
  + NotAllowed          the officer's role may not do this (a supervisor's decision)
  + SendError           a channel could not take an outbox message (`retryable` or not)
  + WebhookRefused      a webhook request failed its authenticity check (secret, signature)
  + StorageUnavailable  the channels' shared keys or reachability could not be read or written
  + TooManyAttempts     too many failed logins: refused, even a right password, for `retry_after`

Errors of the conversation store are reported as `dialogues.errors.StoreUnavailable`, the
port's own error, so the engine can keep answering without state. HTTP status codes for these
are chosen in `backend/api/` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import timedelta

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


class NotAllowed(BackendError):
    """The officer's role may not do this; `needed` names the role that may."""

    def __init__(self, action: str, needed: str) -> None:
        super().__init__(f"only a {needed} may {action}")
        self.action = action
        self.needed = needed


class SendError(BackendError):
    """A channel did not take a message; `retryable` says whether trying later may help.

    `retry_after`, when the channel said how long to wait (Telegram's 429), is when to try
    again instead of the usual backoff.
    """

    def __init__(
        self, message: str, *, retryable: bool = True, retry_after: timedelta | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class WebhookRefused(BackendError):
    """A webhook request did not prove it comes from the platform (wrong or missing secret)."""

    def __init__(self, channel: str) -> None:
        super().__init__(f"{channel} webhook: authenticity check failed")
        self.channel = channel


class StorageUnavailable(BackendError):
    """Redis or the database could not keep or tell the channels' shared keys."""


class TooManyAttempts(BackendError):
    """Too many failed logins for this username or from this address: try after `retry_after`.

    Said alike for every username, existing or not, and whatever the password.
    """

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__("too many failed logins: try again later")
        self.retry_after = retry_after
