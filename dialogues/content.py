"""Answer texts kept as data (`dialogues/content/*.yml`), rendered into replies.

Each answer has English `text` (a gettext message id), and may have a `source` (the
regulation it rests on) and a `caution` (for facts our references mark as uncertain). Rendering
translates all three into the current language, appends the caution with the official channel,
and ends with the source, so every answer about rules or money names its regulation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dialogues.errors import ContentError
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: a tenth of a second less at every start."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer as written in a content file."""

    key: str
    text: str
    source: str | None = None
    caution: str | None = None

    def render(self) -> str:
        """Return the answer in the current language, with its caution and source."""
        parts = [_(self.text)]
        if self.caution:
            parts.append(
                _(
                    "⚠️ {caution} Please check with Care Center 175 or "
                    "www.bpjsketenagakerjaan.go.id before you act on it.",
                    caution=_(self.caution),
                )
            )
        if self.source:
            parts.append(_("Source: {source}", source=_(self.source)))
        return "\n\n".join(parts)

    def reply(self, buttons: tuple[Button, ...] = (), **custom: Any) -> Reply:
        """Return the answer as a reply."""
        return Reply(text=self.render(), buttons=buttons, custom=custom or None)


def default_content_dir() -> Path:
    """Return the folder of the content files shipped with the package."""
    return Path(__file__).resolve().parent / "content"


class Content:
    """Every answer of the content files, by key (`faq_about`, `program_info/JHT`, ...)."""

    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self._answers = dict(answers)

    @classmethod
    def load(cls, directory: Path | None = None) -> Content:
        """Read every `*.yml` of the content folder."""
        folder = directory or default_content_dir()
        answers: dict[str, Answer] = {}
        for path in sorted(folder.glob("*.yml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
            except yaml.YAMLError as error:
                raise ContentError(f"{path}: not valid YAML: {error}") from error
            for key, entry in data.items():
                if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                    raise ContentError(f"{path}: answer {key!r} needs a text")
                if key in answers:
                    raise ContentError(f"{path}: answer {key!r} is defined twice")
                answers[key] = Answer(
                    key=key,
                    text=entry["text"],
                    source=entry.get("source"),
                    caution=entry.get("caution"),
                )
        if not answers:
            raise ContentError(f"{folder}: no answers found")
        return cls(answers)

    def __contains__(self, key: str) -> bool:
        return key in self._answers

    def keys(self) -> list[str]:
        """Return every answer key."""
        return sorted(self._answers)

    def get(self, key: str) -> Answer:
        """Return one answer; a missing key is a bug in the content, reported as such."""
        try:
            return self._answers[key]
        except KeyError:
            raise ContentError(f"no answer {key!r} in the content files") from None
