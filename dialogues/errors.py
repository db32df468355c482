"""Errors of the dialogue engine.

Our exception hierarchy:

* DialogueError
  + ContentError      a content file is missing, malformed or lacks an answer the code asks for
  + CatalogError      a translation catalog is missing or broken
  + StoreUnavailable  the conversation store could not be reached
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
