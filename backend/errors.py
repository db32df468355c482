"""Errors of the backend.

Our exception hierarchy:

* BackendError
  + NluServiceError    the Rasa NLU server could not be reached or answered nonsense

Errors of the conversation store are reported as `dialogues.errors.StoreUnavailable`, the
port's own error, so the engine can keep answering without state.
"""

from __future__ import annotations


class BackendError(Exception):
    """Root of every error the backend raises."""


class NluServiceError(BackendError):
    """The Rasa NLU server could not be reached or answered something we can't read."""
