"""Exceptions raised by the NLU.

Our exception hierarchy:

* NluError
  - TrainingDataError   a training or test file is malformed (names the file and line)
  - ModelError          a saved model cannot be used
    + ModelNotFoundError    the model directory holds no model
    + ModelFormatError      the model files are corrupt or of another format version
"""

from __future__ import annotations

from pathlib import Path


class NluError(Exception):
    """Base of every exception the NLU raises."""


class TrainingDataError(NluError):
    """A Rasa YAML training or test file is malformed."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class ModelError(NluError):
    """A saved model cannot be used."""


class ModelNotFoundError(ModelError):
    """The model directory holds no model."""


class ModelFormatError(ModelError):
    """The model files are corrupt, incomplete or of another format version."""
