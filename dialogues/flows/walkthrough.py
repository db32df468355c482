"""What every walkthrough shares: its progress, the controls, and telling answers from asides.

A walkthrough asks one question at a time and keeps its `Progress` in one slot: the subject
(a program, or a calculator), the answers so far in the order given, and the question it is
waiting on. The user can say at any point, or press as a button:

- `kembali` / `back`: one step back (the last answer is taken back and asked again);
- `ulang` / `mulai lagi` / `restart`: the same subject from the start;
- `batal` / `keluar` / `stop` / `cancel`: leave the walkthrough;
- `lanjut` / `continue`: ask the waiting question again (after an aside).

A message that is not an answer but clearly another question (`looks_elsewhere`) is left to
the engine, which answers it while the walkthrough keeps waiting with its answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from dialogues.flows.base import Outcome, Turn, button
from dialogues.flows.menu import main_menu
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.state import Conversation
from nlu import Intent


class Control(StrEnum):
    """What the user can tell a walkthrough to do instead of answering."""

    BACK = "back"
    RESTART = "restart"
    CANCEL = "cancel"
    CONTINUE = "continue"


_CONTROL_WORDS: Mapping[Control, frozenset[str]] = {
    Control.BACK: frozenset({
        "kembali", "balik", "back", "go back", "sebelumnya", "pertanyaan sebelumnya", "mundur",
        "undo", "previous", "ralat", "koreksi", "salah",
    }),
    Control.RESTART: frozenset({
        "ulang", "ulangi", "mulai lagi", "mulai ulang", "dari awal", "mulai dari awal",
        "ulang dari awal", "restart", "start over", "start again", "reset",
    }),
    Control.CANCEL: frozenset({
        "batal", "batalkan", "keluar", "stop", "cancel", "berhenti", "quit", "exit", "ga jadi",
        "gak jadi", "nggak jadi", "tidak jadi", "gajadi", "udahan", "sudahan", "cukup",
        "sudah cukup", "end",
    }),
    Control.CONTINUE: frozenset({
        "lanjut", "lanjutkan", "terus", "continue", "go on", "next", "ayo lanjut", "ok lanjut",
        "oke lanjut",
    }),
}  # fmt: skip
_POLITE = frozenset({
    "kak", "min", "aja", "saja", "dong", "deh", "ya", "yuk", "please", "pls", "plz", "sis",
    "bang", "mas", "mbak",
})  # fmt: skip

# Intents that are never the answer to a question, whatever the message looks like.
_ASIDE_INTENTS = frozenset(
    {
        Intent.GREET,
        Intent.HELP,
        Intent.THANKS,
        Intent.GOODBYE,
        Intent.HUMAN_AGENT,
        Intent.COMPLAINT,
        Intent.CHANGE_LANGUAGE,
    }
)
_ANSWER_LIKE_INTENTS = frozenset({Intent.OUT_OF_SCOPE, Intent.AFFIRM, Intent.DENY})
ASIDE_CONFIDENCE = 0.5


def control_of(turn: Turn, intents: frozenset[str]) -> Control | None:
    """Return the control a message gives: a button of one of `intents`, or the words alone."""
    value = turn.entity("control")
    if turn.from_button:
        return Control(value) if turn.intent in intents and value in set(Control) else None
    words = [w for w in re.sub(r"[^\w ]+", " ", turn.text.lower()).split() if w not in _POLITE]
    said = " ".join(words)
    return next((c for c, phrases in _CONTROL_WORDS.items() if said in phrases), None)


def looks_elsewhere(turn: Turn) -> bool:
    """Whether a message that doesn't answer the question is another question to answer.

    "apa itu JKM?" is; "kapan-kapan" (whatever the NLU makes of it) is a bad answer, asked
    again. Buttons of other intents and greetings, thanks, menu requests always are.
    """
    if turn.from_button or (turn.intent in _ASIDE_INTENTS and turn.confidence >= ASIDE_CONFIDENCE):
        return True
    if turn.intent in _ANSWER_LIKE_INTENTS or turn.confidence < ASIDE_CONFIDENCE:
        return False
    return len(turn.text.split()) >= 3 or "?" in turn.text or turn.program is not None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a walkthrough is: its subject, the answers in the order given, what it asks."""

    subject: str | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    asking: str | None = None
    subject_asked: bool = False

    def answer(self, name: str, value: Any) -> Progress:
        """Return the progress with one more answer (an answer given again moves to the end)."""
        order = (*(f for f in self.order if f != name), name)
        return replace(self, answers={**self.answers, name: value}, order=order)

    def without(self, name: str) -> Progress:
        """Return the progress with one answer taken back."""
        answers = {k: v for k, v in self.answers.items() if k != name}
        return replace(self, answers=answers, order=tuple(f for f in self.order if f != name))

    def back(self) -> Progress | None:
        """Return the progress one answer back, or None when nothing was answered."""
        return self.without(self.order[-1]) if self.order else None

    def restart(self) -> Progress:
        """Return the progress with the same subject and no answers."""
        return Progress(subject=self.subject, subject_asked=self.subject_asked)

    def asking_for(self, name: str | None) -> Progress:
        """Return the progress waiting on another question."""
        return replace(self, asking=name)

    def to_slot(self) -> dict[str, Any]:
        """Return the progress as a JSON-compatible slot value."""
        return {
            "subject": self.subject,
            "answers": dict(self.answers),
            "order": list(self.order),
            "asking": self.asking,
            "subject_asked": self.subject_asked,
        }

    @classmethod
    def from_slot(cls, value: Any) -> Progress | None:
        """Rebuild the progress from its slot value; None when there is none or it is broken."""
        if not isinstance(value, dict) or not isinstance(value.get("answers", {}), dict):
            return None
        order = value.get("order") or []
        answers = value.get("answers") or {}
        return cls(
            subject=value.get("subject") if isinstance(value.get("subject"), str) else None,
            answers=dict(answers),
            order=tuple(f for f in order if isinstance(f, str) and f in answers),
            asking=value.get("asking") if isinstance(value.get("asking"), str) else None,
            subject_asked=bool(value.get("subject_asked")),
        )


def control_buttons(intent: str, *, can_go_back: bool, **entities: Any) -> tuple[Button, ...]:
    """Return the Back / Start over / Stop buttons of a walkthrough's question."""
    back = (button(_("⬅️ Back"), intent, control=Control.BACK.value, **entities),)
    return (
        *(back if can_go_back else ()),
        button(_("🔄 Start over"), intent, control=Control.RESTART.value, **entities),
        button(_("✖️ Stop"), intent, control=Control.CANCEL.value, **entities),
    )


def stopped(conversation: Conversation, *, flow: str, slot: str) -> Outcome:
    """Leave the walkthrough at the user's request, forgetting its answers.

    Another flow that happens to be active (the stop button of a finished walkthrough was
    pressed later) is left alone.
    """
    text = _("All right, I've stopped. What else can I help you with?")
    left = conversation.leave(slot) if conversation.flow == flow else conversation
    return Outcome((Reply(text, buttons=main_menu()),), left.with_slots(**{slot: None}))
