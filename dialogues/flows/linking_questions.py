"""What linking asks, reads and says: the KPJ number, the NIK, the birth date, the check.

Kept apart from `linking` (the steps and transitions) so each stays readable. Every reader
returns the value or a `Refusal` saying what is wrong, in the user's language: the KPJ must be
11 digits, the NIK 16 and well formed (`rules.identity`), the birth date a real date, not in
the future, and the one inside the NIK.
"""

from __future__ import annotations

import re
from datetime import date

from dialogues.flows.base import Turn
from dialogues.flows.questions import Answer, Kind, Question, Refusal, read
from dialogues.flows.walkthrough import looks_elsewhere
from dialogues.i18n import gettext as _
from dialogues.i18n import lazy_gettext
from dialogues.rules.common import today_in
from dialogues.rules.identity import NikProblem, nik_problem, normalize_nik
from dialogues.services_identity import Person

KPJ_LENGTH = 11
INTRO = lazy_gettext(
    "To show you your own data here I first need to check who you are, against the "
    "records of BPJS Ketenagakerjaan. I'll ask for 3 things: your KPJ number, your NIK and "
    "your date of birth. They are used only for this check."
)
KPJ_QUESTION = lazy_gettext(
    "What is your KPJ number (your BPJS Ketenagakerjaan participant number)? It has 11 "
    "digits and is on your card or in the JMO app."
)
NIK_QUESTION = lazy_gettext("Thank you. Now your NIK: the 16-digit number on your e-KTP.")
BIRTH_DATE = Question(
    "birth_date",
    Kind.DATE,
    lazy_gettext("And your date of birth? For example 15/10/1980."),
    past_only=True,
)


def _one_number(turn: Turn, entity: str) -> str | None:
    """Return the one number a message gives (spaces, dots and dashes inside it allowed)."""
    found = turn.entity(entity)
    if found is not None:
        return found
    groups = re.findall(r"\d[\d .\-]*\d|\d", turn.text)
    return normalize_nik(groups[0]) if len(groups) == 1 else None


def _digits_refusal(count: int, *, kpj: bool) -> str:
    if kpj:
        return _(
            "A KPJ number has 11 digits, but the number you sent has {count}. Please check it "
            "and type it again.",
            count=count,
        )
    return _(
        "A NIK has 16 digits, but the number you sent has {count}. Please check it and type "
        "it again.",
        count=count,
    )


def _nik_refusal(problem: NikProblem, nik: str) -> str:
    messages = {
        NikProblem.REGION: _(
            "The first 6 digits of a NIK are the region code, and these can't be right. "
            "Please check your NIK and type it again."
        ),
        NikProblem.BIRTH_DATE: _(
            "Digits 7 to 12 of a NIK are the birth date (for women the day plus 40), and these "
            "are not a real date. Please check your NIK and type it again."
        ),
        NikProblem.SERIAL: _(
            "The last 4 digits of a NIK can't be 0000. Please check your NIK and type it again."
        ),
    }
    if problem == NikProblem.LENGTH:
        return _digits_refusal(len(nik), kpj=False)
    return messages.get(problem) or _("A NIK has only digits: the 16 digits on your e-KTP.")


def not_a_number(turn: Turn) -> bool:
    """Whether a message with no digit in it is another question rather than an answer."""
    return not re.search(r"\d", turn.text) and looks_elsewhere(turn)


def read_kpj(turn: Turn) -> str | Refusal:
    """Read the KPJ number: 11 digits."""
    kpj = _one_number(turn, "kpj")
    if kpj is None or not kpj.isdigit():
        return Refusal(_("Please type only the 11 digits of your KPJ number."))
    if len(kpj) != KPJ_LENGTH:
        return Refusal(_digits_refusal(len(kpj), kpj=True))
    return kpj


def read_nik(turn: Turn) -> str | Refusal:
    """Read the NIK: 16 digits, well formed."""
    nik = _one_number(turn, "nik")
    if nik is None:
        return Refusal(_("A NIK has only digits: the 16 digits on your e-KTP."))
    problem = nik_problem(nik)
    if problem is not None:
        return Refusal(_nik_refusal(problem, nik))
    return nik


def read_birth_date(turn: Turn, nik: str) -> date | Refusal:
    """Read the birth date: a real date, not in the future, the one inside `nik`."""
    read_date = read(BIRTH_DATE, turn, today_in(None, turn.now))
    if not isinstance(read_date, Answer):
        return read_date
    born = date.fromisoformat(read_date.value)
    if nik_problem(nik, birth_date=born) is not None:
        return Refusal(
            _(
                "That date of birth is not the one inside your NIK (digits 7 to 12: day, month, "
                'year; for women the day plus 40). Please check the date, or type "kembali" to '
                "correct the NIK."
            )
        )
    return born


def wrong_text(tries_left: int) -> str:
    """Say the details don't match the registry, with the tries left before the lock."""
    return _(
        "These details don't match our records. Tries left before a 15-minute lock: "
        "{count}. Let's start again.",
        count=tries_left,
    )


def locked_text(moment: str) -> str:
    """Say linking is locked after 3 wrong tries, until `moment` (as the user reads it)."""
    return _(
        "For your safety, checking who you are is locked after 3 wrong tries. Please try "
        "again after {moment}, or call Care Center 175.",
        moment=moment,
    )


def linked_text(person: Person) -> str:
    """Say the chat is now linked, to the KPJ shown masked, and how to undo it."""
    return _(
        "✅ Thank you, {name}. This chat is now linked to KPJ {kpj}. To undo it, type "
        '"putuskan akun" (unlink).',
        name=person.name,
        kpj=person.masked_kpj,
    )
