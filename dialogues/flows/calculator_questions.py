"""The calculators' questions, and telling a request for a calculation from a question.

Each calculator asks its questions in order (`QUESTIONS[calc]`); the contributions
calculator first asks whose contributions (`KIND_QUESTION`) when the request doesn't say.
"""

from __future__ import annotations

import re
from enum import StrEnum

from dialogues.flows.base import Turn
from dialogues.flows.eligibility_questions import SEGMENTS
from dialogues.flows.questions import Kind, Option, Question, mentioned
from dialogues.i18n import gettext as _
from dialogues.i18n import lazy_gettext
from dialogues.numbers import find_amount
from dialogues.rules.calculators import PMI_JHT_AMOUNTS, RiskLevel
from dialogues.rules.money import format_rupiah
from nlu import Intent, Program


class Calc(StrEnum):
    """The calculators; `ASK` stands for "contributions, but whose?"."""

    WAGE_EARNER = "wage_earner"
    MIGRANT = "migrant"
    INFORMAL = "informal"
    JKP_BENEFIT = "jkp_benefit"
    JHT_TAX = "jht_tax"
    ASK = "ask"


INTENT = {
    # The intent each calculator's buttons carry.
    Calc.WAGE_EARNER: Intent.FAQ_CONTRIBUTION,
    Calc.MIGRANT: Intent.FAQ_CONTRIBUTION,
    Calc.INFORMAL: Intent.FAQ_CONTRIBUTION,
    Calc.JKP_BENEFIT: Intent.PROGRAM_INFO,
    Calc.JHT_TAX: Intent.JHT_TAX,
}
CONTRIBUTIONS = (
    Option(
        Calc.WAGE_EARNER,
        lazy_gettext("Employee (wage earner)"),
        (*SEGMENTS[0].words, "gaji", "salary"),
    ),
    Option(Calc.MIGRANT, lazy_gettext("Migrant worker (PMI)"), SEGMENTS[2].words),
    Option(Calc.INFORMAL, lazy_gettext("Self-employed or informal (BPU)"), SEGMENTS[1].words),
)
KIND_QUESTION = Question(
    "calc", Kind.CHOICE, lazy_gettext("Whose contributions shall I calculate?"), CONTRIBUTIONS
)
_RISKS = tuple(
    Option(level, label, words)
    for level, label, words in (
        (RiskLevel.VERY_LOW, lazy_gettext("Very low (0.24%)"), ("sangat rendah", "very low")),
        (RiskLevel.LOW, lazy_gettext("Low (0.54%)"), ("rendah", "low")),
        (RiskLevel.MEDIUM, lazy_gettext("Medium (0.89%)"), ("sedang", "menengah", "medium")),
        (RiskLevel.HIGH, lazy_gettext("High (1.27%)"), ("tinggi", "high")),
        (RiskLevel.VERY_HIGH, lazy_gettext("Very high (1.74%)"), ("sangat tinggi", "very high")),
    )
)
_JHT_AMOUNTS = (
    Option("0", lazy_gettext("No JHT"), ("0", "tidak", "no", "none", "nol", "tanpa jht", "no jht")),
    *(Option(str(amount), format_rupiah(amount)) for amount in PMI_JHT_AMOUNTS),
)
_AMOUNT_EXAMPLE = lazy_gettext("For example 5.000.000 or 5 juta.")
QUESTIONS: dict[Calc, tuple[Question, ...]] = {
    Calc.WAGE_EARNER: (
        Question(
            "wage",
            Kind.AMOUNT,
            lazy_gettext("What is the gross monthly wage?"),
            example=_AMOUNT_EXAMPLE,
        ),
        Question(
            "risk",
            Kind.CHOICE,
            lazy_gettext(
                "What is the workplace's JKK risk level? Ask the employer if you are not sure."
            ),
            _RISKS,
        ),
    ),
    Calc.MIGRANT: (
        Question(
            "contract_months",
            Kind.COUNT,
            lazy_gettext('How long is the work contract? For example "24 bulan" or "2 tahun".'),
            maximum=120,
        ),
        Question(
            "agency",
            Kind.YES_NO,
            lazy_gettext("Do you go through a placement agency (BP2MI or a licensed P3MI)?"),
            (
                Option(
                    "yes",
                    lazy_gettext("Through an agency"),
                    ("agen", "agency", "agensi", "p3mi", "bp2mi", "pt"),
                ),
                Option(
                    "no",
                    lazy_gettext("On my own"),
                    (
                        "sendiri",
                        "perseorangan",
                        "individu",
                        "individual",
                        "on my own",
                        "tanpa agen",
                        "without an agency",
                    ),
                ),
            ),
        ),
        Question(
            "jht_monthly",
            Kind.CHOICE,
            lazy_gettext("JHT is optional for migrant workers. How much a month would you put in?"),
            _JHT_AMOUNTS,
        ),
    ),
    Calc.INFORMAL: (
        Question(
            "income",
            Kind.AMOUNT,
            lazy_gettext("What is your monthly income?"),
            example=_AMOUNT_EXAMPLE,
        ),
    ),
    Calc.JKP_BENEFIT: (
        Question(
            "last_wage",
            Kind.AMOUNT,
            lazy_gettext("What was your last monthly wage reported to BPJS?"),
            example=_AMOUNT_EXAMPLE,
        ),
    ),
    Calc.JHT_TAX: (
        Question(
            "amount",
            Kind.AMOUNT,
            lazy_gettext("How much JHT will be paid to you at once?"),
            example=lazy_gettext("For example 80.000.000 or 80 juta."),
        ),
    ),
}
_TAX_WORDS = re.compile(r"\b(?:pajak|pph|tax)\b")
_CONTRIBUTION_WORDS = re.compile(r"\b(?:iuran|premi|contributions?|premiums?)\b")
_CALC_WORDS = re.compile(
    r"\b(?:hitung\w*|itung\w*|kalkulator|kalkulasi|simulasi|calculat\w*|compute|work out)\b"
)


def intro(kind: Calc) -> str:
    """Return the line that opens a calculator."""
    if kind == Calc.JKP_BENEFIT:
        return _("Let's calculate your JKP benefit.")
    if kind == Calc.JHT_TAX:
        return _("Let's calculate the tax on your JHT.")
    who = next(str(o.label) for o in CONTRIBUTIONS if o.value == kind)
    return _("Let's calculate the contributions of: {who}.", who=who)


def requested(turn: Turn) -> Calc | None:
    """Return the calculator a message asks for: a button's `calc`, or a typed request.

    Typed, it must ask for a calculation or name an amount ("hitung iuran gaji 5 juta",
    "pajak jht 80 juta berapa?"); "iuran pmi berapa?" is answered from the content. A
    message the NLU could not place counts only when it asks to calculate contributions or
    tax in so many words ("calculate my contributions, salary 12 million").
    """
    value = turn.entity("calc")
    if value is not None:
        return Calc(value) if value in set(Calc) else None
    if turn.from_button:
        return None
    text = turn.text.lower()
    calculate = bool(_CALC_WORDS.search(text))
    if turn.intent == Intent.OUT_OF_SCOPE:
        if not calculate:
            return None
        if _TAX_WORDS.search(text):
            return Calc.JHT_TAX
        if turn.program != Program.JKP and not _CONTRIBUTION_WORDS.search(text):
            return None
    elif not calculate and find_amount(turn.text) is None:
        return None
    if turn.intent == Intent.JHT_TAX:
        return Calc.JHT_TAX
    if turn.program == Program.JKP:  # "berapa jkp saya kalau gaji 8 juta?"
        return Calc.JKP_BENEFIT
    if turn.intent == Intent.PROGRAM_INFO:
        return None
    option = mentioned(turn.text, KIND_QUESTION.options)
    return Calc(option.value) if option else Calc.ASK
