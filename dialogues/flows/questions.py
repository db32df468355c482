"""Questions a walkthrough asks, and reading the answers people give in a chat.

A `Question` says what kind of answer it wants: one of a few options (buttons), yes or no,
a date, a count of months or years, or a rupiah amount. `read` turns a turn into an
`Answer` or a `Refusal` that says politely what was wrong ("February has no 31st"), and
whether the text looked like an answer at all (if not, it may be another question, which
the engine answers while the walkthrough waits). Chat answers count: `udh`, `sdh`, `iya`,
`y` are yes; `blm`, `ga`, `gak`, `no` are no; "ga tau" is not sure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from babel.support import LazyProxy

from dialogues.dates import DateProblem, parse_date
from dialogues.flows.base import Turn, button
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.numbers import NumberProblem, Unit, parse_amount, parse_count
from nlu import Intent, normalize


class Kind(StrEnum):
    """What kind of answer a question wants."""

    CHOICE = "choice"
    YES_NO = "yes_no"
    DATE = "date"
    COUNT = "count"
    AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a closed question: its stored value, button label and typed words."""

    value: str
    label: LazyProxy | str
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a walkthrough; `field` is where its answer is kept.

    YES_NO questions store `yes`/`no` (True/False unless given) and may label their two
    buttons with `options` (first yes, then no). `example` follows the question's text (one
    translation shared by many questions). DATE questions with `past_only` refuse a
    future date. COUNT questions count in `unit` up to `maximum`.
    """

    field: str
    kind: Kind
    text: LazyProxy
    options: tuple[Option, ...] = ()
    example: LazyProxy | None = None
    past_only: bool = False
    unit: Unit = Unit.MONTHS
    maximum: int = 1200
    yes: Any = True
    no: Any = False


@dataclass(frozen=True, slots=True)
class Answer:
    """A usable answer, in its stored form (str, int or bool; dates as ISO strings)."""

    value: Any


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the text can't be used; `readable` when it was clearly meant as an answer."""

    message: str
    readable: bool = True


_YES = frozenset({
    "ya", "iya", "iyaa", "iy", "y", "yes", "yep", "yup", "yeah", "ok", "oke", "okay", "betul",
    "benar", "bener", "sudah", "udah", "udh", "sdh", "dah", "pernah", "masih", "aktif",
    "bersedia", "mau", "tentu", "pasti", "sure", "correct", "right", "already", "yoi", "sip",
    "siap",
})  # fmt: skip
_NO = frozenset({
    "tidak", "tdk", "ga", "gak", "gk", "g", "nggak", "ngga", "enggak", "engga", "no", "nope",
    "nah", "belum", "blm", "blom", "belom", "bukan", "bkn", "tak", "ndak", "nda", "never", "not",
    "kagak", "nonaktif",
})  # fmt: skip
_UNSURE = re.compile(
    r"\b(?:tidak tahu|tidak yakin|kurang tahu|belum tahu|kurang yakin|entah|lupa|gatau|"
    r"mungkin|kayaknya|sepertinya|dont know|do not know|not sure|no idea|unsure|dunno|idk|"
    r"forgot|forget|maybe|perhaps)\b"
)


def _words(text: str) -> str:
    """Return lower-case words and digits (and %), for matching typed answers."""
    return " ".join(re.sub(r"[^\w%]+", " ", text.lower().replace("'", "")).split())


def yes_or_no(turn: Turn) -> bool | None:
    """Return True for yes, False for no, None when the message is neither."""
    raw = set(_words(turn.text).split())
    expanded = raw | set(normalize(turn.text).split())
    if expanded & _NO:
        return False
    if expanded & _YES:
        return True
    if turn.confidence >= 0.5 and turn.intent in (Intent.AFFIRM, Intent.DENY):
        return turn.intent == Intent.AFFIRM
    return None


def is_unsure(text: str) -> bool:
    """Whether the message says the user doesn't know ("ga tau", "not sure", "lupa")."""
    return bool(_UNSURE.search(normalize(text)) or _UNSURE.search(_words(text)))


def _spans(text: str, phrase: str) -> list[tuple[int, int]]:
    pattern = rf"(?<![\w%]){re.escape(phrase)}(?![\w%])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _named(form: str, options: tuple[Option, ...]) -> set[int]:
    """Return the options a text names; words inside longer words named are not counted.

    "sangat rendah" names "very low" only, not also "low"; "resign atau phk" names two.
    """
    found = [
        (index, span)
        for index, option in enumerate(options)
        for word in option.words
        for span in _spans(form, word)
    ]
    return {
        index
        for index, (start, end) in found
        if not any(s <= start and end <= e and (s, e) != (start, end) for _, (s, e) in found)
    }


def choose(text: str, options: tuple[Option, ...]) -> Option | None:
    """Return the one option a typed answer names (its number, label or words), if any."""
    cleaned = _words(text)
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(options):
        return options[int(cleaned) - 1]
    for option in options:
        if cleaned == _words(str(option.label)):
            return option
    return mentioned(text, options)


def mentioned(text: str, options: tuple[Option, ...]) -> Option | None:
    """Return the one option a longer message mentions by its words ("sy udh resign"), if any."""
    named = _named(_words(text), options) | _named(normalize(text), options)
    return options[named.pop()] if len(named) == 1 else None


def option_values(question: Question) -> tuple[str, ...]:
    """Return the values a button may carry for this question."""
    if question.kind == Kind.YES_NO:
        return ("yes", "no")
    return tuple(option.value for option in question.options)


def from_payload(question: Question, raw: str) -> Answer | None:
    """Read a value a button carried (or the engine prefilled); None if it doesn't fit."""
    if question.kind == Kind.CHOICE:
        return Answer(raw) if raw in option_values(question) else None
    if question.kind == Kind.YES_NO:
        if raw in ("yes", str(question.yes)):
            return Answer(question.yes)
        return Answer(question.no) if raw in ("no", str(question.no)) else None
    if question.kind == Kind.DATE:
        try:
            return Answer(date.fromisoformat(raw).isoformat())
        except ValueError:
            return None
    if raw.isdigit() and (question.kind == Kind.AMOUNT or int(raw) <= question.maximum):
        return Answer(int(raw))
    return None


def _date_refusal(problem: DateProblem) -> Refusal:
    messages = {
        DateProblem.UNREADABLE: _(
            "Sorry, I couldn't read that as a date. Please write it like 15/10/2026, "
            '15 Oktober 2026 or "2 minggu lalu".'
        ),
        DateProblem.IMPOSSIBLE: _(
            "That date doesn't exist (for example, February has no 31st). Please check it "
            "and write it again."
        ),
        DateProblem.FUTURE: _(
            "That date is in the future, but I'm asking about something that has already "
            "happened. Please write a date up to today."
        ),
        DateProblem.OUT_OF_RANGE: _("That date is too far from today. Please check the year."),
        DateProblem.NEEDS_DAY: _("Please give the day as well, for example 15 Oktober 2014."),
    }
    return Refusal(messages[problem], readable=problem != DateProblem.UNREADABLE)


def _number_refusal(problem: NumberProblem, question: Question) -> Refusal:
    if question.kind == Kind.AMOUNT:
        unreadable = _("Please write the amount in rupiah, for example 5.000.000 or 5 juta.")
    else:
        unreadable = _("Please answer with one number, for example 12.")
    messages = {
        NumberProblem.UNREADABLE: unreadable,
        NumberProblem.NEGATIVE: _("The number can't be negative. Please write 0 or more."),
        NumberProblem.TOO_LARGE: _(
            "That number is too large: it can be at most {maximum}.", maximum=question.maximum
        )
        if question.kind == Kind.COUNT
        else _("That amount is too large. Please check it."),
        NumberProblem.AMBIGUOUS: _(
            "Please write the full amount, for example 5.000.000 or 5 juta, so I don't misread it."
        ),
    }
    return Refusal(messages[problem], readable=problem != NumberProblem.UNREADABLE)


def unsure_refusal() -> Refusal:
    """What to say when the user doesn't know the answer."""
    return Refusal(
        _(
            "If you're not sure, you can check in the JMO app or your documents, or ask Care "
            'Center 175. Answer when you know, or type "batal" to stop.'
        )
    )


def read(question: Question, turn: Turn, today: date) -> Answer | Refusal:
    """Read a typed answer to `question`; `today` is today in the user's time zone."""
    text = turn.text
    if question.kind in (Kind.YES_NO, Kind.DATE) and is_unsure(text):
        return unsure_refusal()
    if question.kind == Kind.YES_NO:
        named = mentioned(text, question.options)  # "lewat agen", "sendiri"
        said = named.value == "yes" if named is not None else yes_or_no(turn)
        if said is None:
            return Refusal(_('Please answer yes or no ("ya" or "tidak").'), readable=False)
        return Answer(question.yes if said else question.no)
    if question.kind == Kind.CHOICE:
        option = choose(text, question.options)
        if option is None:
            return Refusal(_("Please choose one of the buttons, or type its number."), False)
        return Answer(option.value)
    if question.kind == Kind.DATE:
        found = parse_date(text, today, past_only=question.past_only)
        return _date_refusal(found) if isinstance(found, DateProblem) else Answer(found.isoformat())
    if question.kind == Kind.COUNT:
        count = parse_count(text, unit=question.unit, maximum=question.maximum)
        return (
            _number_refusal(count, question) if isinstance(count, NumberProblem) else Answer(count)
        )
    amount = parse_amount(text)
    return (
        _number_refusal(amount, question) if isinstance(amount, NumberProblem) else Answer(amount)
    )


def answer_buttons(
    question: Question, intent: str, entities: Mapping[str, Any]
) -> tuple[Button, ...]:
    """Return the buttons of a closed question; each carries `entities` and its answer."""
    if question.kind == Kind.YES_NO:
        labels = [str(o.label) for o in question.options] or [_("Yes"), _("No")]
        return tuple(
            button(label, intent, **entities, **{question.field: value})
            for label, value in zip(labels, ("yes", "no"), strict=True)
        )
    return tuple(
        button(str(o.label), intent, **entities, **{question.field: o.value})
        for o in question.options
    )


def ask(
    question: Question,
    *,
    intent: str,
    entities: Mapping[str, Any],
    before: str | None = None,
    controls: tuple[Button, ...] = (),
) -> Reply:
    """Return the question as a reply, after `before` (a problem, or where we are)."""
    text = str(question.text)
    if question.example is not None:
        text = f"{text} {question.example}"
    if before is not None:
        text = f"{before}\n\n{text}"
    return Reply(text, buttons=(*answer_buttons(question, intent, entities), *controls))
