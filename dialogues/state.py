"""The state of one user's conversation, stored between messages through the store port."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from nlu import Language

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a user is: the active flow and step, what they told us, their language.

    `slots` holds JSON-compatible values only, so every store can serialise it.
    `topic` is the last thing answered about (an intent and maybe a program), which lets a
    follow-up such as "kalau JKM?" reuse it.
    """

    flow: str | None = None
    step: str | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    language: Language | None = None
    last_message_at: datetime | None = None

    def with_slots(self, **values: Any) -> Conversation:
        """Return a copy with these slots set (a value of None removes the slot)."""
        merged = {**self.slots, **values}
        return replace(self, slots={k: v for k, v in merged.items() if v is not None})

    def enter(self, flow: str, step: str, **values: Any) -> Conversation:
        """Return a copy inside `flow` at `step`, with these slots set."""
        return replace(self.with_slots(**values), flow=flow, step=step)

    def leave(self, *slot_names: str) -> Conversation:
        """Return a copy outside any flow, without the named slots."""
        kept = {k: v for k, v in self.slots.items() if k not in slot_names}
        return replace(self, flow=None, step=None, slots=kept)

    def step_in(self, flow: str, steps: type[S]) -> S | None:
        """Return the step, one of `steps`, when the user is in `flow`; else None.

        A step `steps` does not know (stored by an older version of the flow) is None too.
        """
        if self.flow != flow or self.step is None:
            return None
        try:
            return steps(self.step)
        except ValueError:
            return None

    def mapping_slot(self, name: str) -> dict[str, Any]:
        """Return a copy of the slot `name` when it holds a mapping; else an empty dict."""
        value = self.slots.get(name)
        return dict(value) if isinstance(value, Mapping) else {}

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict of the conversation."""
        return {
            "flow": self.flow,
            "step": self.step,
            "slots": dict(self.slots),
            "language": self.language.value if self.language else None,
            "last_message_at": self.last_message_at.isoformat() if self.last_message_at else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Conversation:
        """Rebuild a conversation from `to_dict` output."""
        language = data.get("language")
        last = data.get("last_message_at")
        return cls(
            flow=data.get("flow"),
            step=data.get("step"),
            slots=dict(data.get("slots") or {}),
            language=Language(language) if language else None,
            last_message_at=datetime.fromisoformat(last) if last else None,
        )
