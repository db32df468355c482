"""Errors of the dialogue engine.

Our exception hierarchy:

* DialogueError
  + ContentError      a content file is missing, malformed or lacks an answer the code asks for
  + CatalogError      a translation catalog is missing or broken
  + StoreUnavailable  the conversation store could not be reached
  + FactError         a fact given to the eligibility rules or calculators (ValueError too)
    + MissingFact     a fact the decision needs was not given (the rules never guess it)
    + InvalidFact     a fact is impossible: a future birth date, a negative count, ...
  + ServiceError      a service of `dialogues.services` refused or failed
    + NotLinked       the chat user is not (or no longer) linked to a participant
    + NotCancellable  the claim has gone past the point where the worker may cancel it
    + ServiceUnavailable  the service behind the port could not be reached
"""

from __future__ import annotations


class DialogueError(Exception):
    """Root of every error the dialogue engine raises."""


class ContentError(DialogueError):
    """A content file is missing, malformed, or lacks an answer the code asks for."""


class CatalogError(DialogueError):
    """A translation catalog is missing or broken."""


class StoreUnavailable(DialogueError):
    """The conversation store could not be reached; the engine answers without state."""


class FactError(DialogueError, ValueError):
    """A fact given to the rules or calculators can't be used; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class MissingFact(FactError):
    """A fact the decision needs was not given; the rules never guess a missing fact."""

    def __init__(self, field: str) -> None:
        super().__init__(field, "this fact is needed for the decision")


class InvalidFact(FactError):
    """A fact is impossible (a future birth date, a negative count, an unknown amount)."""


class ServiceError(DialogueError):
    """A service of `dialogues.services` refused the request or failed."""


class NotLinked(ServiceError):
    """The chat user is not (or no longer) linked to a participant."""


class NotCancellable(ServiceError):
    """The claim is past submitted: only an officer can still stop it."""


class ServiceUnavailable(ServiceError):
    """The database or system behind a service could not be reached."""
