"""The questions of the eligibility walkthrough, one per fact, in plain words.

The rules (`dialogues.rules.decide`) say which fact they need next by raising
`MissingFact(field)`; `QUESTIONS[(program, field)]` is how the bot asks for it. Closed
questions have buttons (the JHT reasons a to k, segments, nationality, yes/no); each option
also lists the words people type for it ("udh resign", "kena phk", "kontrak habis"). The
facts the walkthrough asks for itself are in `eligibility_facts`.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.support import LazyProxy

from dialogues.flows.questions import Kind, Option, Question
from dialogues.i18n import lazy_gettext
from dialogues.numbers import Unit
from dialogues.rules.facts import (
    AccidentContext,
    DeathCause,
    JhtReason,
    Nationality,
    Segment,
    TerminationType,
)
from nlu import Program


def _o(value: str, label: LazyProxy, words: str = "") -> Option:
    """Return an option; `words` are what people type for it, separated by `|`."""
    return Option(value, label, tuple(w for w in words.split("|") if w))


PROGRAM_OPTIONS = (
    _o(Program.JHT, lazy_gettext("JHT: old-age savings"), "jht|hari tua|old age"),
    _o(Program.JKK, lazy_gettext("JKK: work accident"), "jkk|kecelakaan|accident"),
    _o(Program.JKM, lazy_gettext("JKM: death benefit"), "jkm|kematian|death"),
    _o(Program.JP, lazy_gettext("JP: pension"), "jp|pensiun|pension"),
    _o(Program.JKP, lazy_gettext("JKP: job loss"), "jkp|kehilangan pekerjaan|job loss"),
)

_RESIGNED = "resign|resigned|mengundurkan diri|undur diri|keluar kerja|berhenti kerja|quit"
_DISMISSED = "phk|di phk|dipecat|diberhentikan|dismissed|laid off|fired|terminated|layoff"
_CONTRACT = "kontrak habis|habis kontrak|kontrak selesai|kontrak berakhir|pkwt|contract ended"
JHT_REASONS = (
    _o(JhtReason.AGE_56, lazy_gettext("I am 56 or older"), "56|umur 56|usia 56|age 56|56 tahun"),
    _o(
        JhtReason.RETIREMENT_AGE,
        lazy_gettext("I reached the retirement age in my contract"),
        "pensiun|usia pensiun|retire|retired|retirement",
    ),
    _o(JhtReason.PKWT_ENDED, lazy_gettext("My fixed-term contract (PKWT) ended"), _CONTRACT),
    _o(
        JhtReason.BPU_STOPPED,
        lazy_gettext("I stopped working as a self-employed member (BPU)"),
        "bpu|berhenti usaha|usaha berhenti|self employed|informal",
    ),
    _o(JhtReason.RESIGNED, lazy_gettext("I resigned"), _RESIGNED),
    _o(JhtReason.TERMINATED, lazy_gettext("I was dismissed (PHK)"), _DISMISSED),
    _o(
        JhtReason.LEFT_INDONESIA,
        lazy_gettext("I am leaving Indonesia for good"),
        "meninggalkan indonesia|tinggalkan indonesia|keluar dari indonesia|pindah ke luar negeri|"
        "pindah negara|selamanya|leave indonesia|leaving indonesia|for good",
    ),
    _o(
        JhtReason.TOTAL_DISABILITY,
        lazy_gettext("Total permanent disability"),
        "cacat|disability|disabled",
    ),
    _o(
        JhtReason.DEATH,
        lazy_gettext("The participant died (the heirs claim)"),
        "meninggal|wafat|death|died|passed away|almarhum|ahli waris|heir",
    ),
    _o(
        JhtReason.PARTIAL_10,
        lazy_gettext("Take up to 10% while still working"),
        "10%|10 persen|10 percent",
    ),
    _o(
        JhtReason.PARTIAL_30,
        lazy_gettext("Take up to 30% for a home"),
        "30%|30 persen|30 percent|rumah|kpr|home|house",
    ),
)

SEGMENTS = (
    _o(
        Segment.PU,
        lazy_gettext("Employee in Indonesia (PU)"),
        "karyawan|pegawai|penerima upah|employee|wage earner|pu|buruh",
    ),
    _o(
        Segment.BPU,
        lazy_gettext("Self-employed or informal (BPU)"),
        "bpu|mandiri|informal|bukan penerima upah|self employed|freelance",
    ),
    _o(
        Segment.PMI,
        lazy_gettext("Migrant worker abroad (PMI)"),
        "pmi|tki|tkw|migran|migrant|luar negeri|abroad|overseas",
    ),
)

TERMINATIONS = (
    _o(TerminationType.PHK, lazy_gettext("I was dismissed (PHK)"), _DISMISSED),
    _o(TerminationType.RESIGNED, lazy_gettext("I resigned"), _RESIGNED),
    _o(TerminationType.RETIRED, lazy_gettext("I retired"), "pensiun|retire|retired"),
    _o(
        TerminationType.PKWT_ENDED,
        lazy_gettext("My fixed-term contract (PKWT) ended on its date"),
        _CONTRACT,
    ),
    _o(
        TerminationType.TOTAL_DISABILITY,
        lazy_gettext("Total permanent disability"),
        "cacat|disability",
    ),
    _o(TerminationType.DEATH, lazy_gettext("The worker died"), "meninggal|wafat|died"),
)
NATIONALITIES = (
    _o(Nationality.WNI, lazy_gettext("Indonesian citizen (WNI)"), "wni|indonesian|citizen"),
    _o(Nationality.WNA, lazy_gettext("Foreign national (WNA)"), "wna|asing|foreign"),
)
DEATH_CAUSES = (
    _o(DeathCause.OTHER, lazy_gettext("Illness or another cause"), "sakit|penyakit|illness"),
    _o(
        DeathCause.WORK_ACCIDENT,
        lazy_gettext("A work accident or work-related disease"),
        "kecelakaan kerja|work accident|accident at work",
    ),
)
ACCIDENT_CONTEXTS = (
    _o(
        AccidentContext.AT_WORK,
        lazy_gettext("At work"),
        "tempat kerja|saat bekerja|pabrik|kilang|at work",
    ),
    _o(
        AccidentContext.COMMUTE,
        lazy_gettext("On the way to or from work"),
        "di jalan|perjalanan|berangkat kerja|pulang kerja|commute|on the way",
    ),
    _o(
        AccidentContext.OCCUPATIONAL_DISEASE,
        lazy_gettext("A disease caused by the work"),
        "penyakit akibat kerja|occupational disease",
    ),
    _o(
        AccidentContext.OUTSIDE_WORK,
        lazy_gettext("Outside work, not related to it"),
        "di luar kerja|bukan kerja|outside work|not at work|liburan",
    ),
)


def _migrant(text: LazyProxy) -> Question:
    yes, no = (lazy_gettext("Yes, a migrant worker"), lazy_gettext("No, in Indonesia"))
    options = (
        Option("yes", yes, SEGMENTS[2].words),
        Option("no", no, ("di indonesia", "dalam negeri", "in indonesia")),
    )
    return Question("segment", Kind.YES_NO, text, options, yes=Segment.PMI, no=Segment.PU)


_CHOICE, _YES_NO, _DATE, _COUNT = Kind.CHOICE, Kind.YES_NO, Kind.DATE, Kind.COUNT
_EXAMPLE_DATE = lazy_gettext('For example 15/10/2026 or "2 minggu lalu".')

QUESTIONS: Mapping[tuple[Program, str], Question] = {
    (Program.JHT, "reason"): Question(
        "reason", _CHOICE, lazy_gettext("Why do you want to claim your JHT?"), JHT_REASONS
    ),
    (Program.JHT, "segment"): Question(
        "segment", _CHOICE, lazy_gettext("Which describes you as a participant?"), SEGMENTS
    ),
    (Program.JHT, "nationality"): Question(
        "nationality",
        _CHOICE,
        lazy_gettext("Are you an Indonesian citizen or a foreign national?"),
        NATIONALITIES,
    ),
    (Program.JHT, "jht_opted_in"): Question(
        "jht_opted_in",
        _YES_NO,
        lazy_gettext("For migrant workers JHT is optional. Did you join JHT and pay into it?"),
    ),
    (Program.JHT, "birth_date"): Question(
        "birth_date",
        _DATE,
        lazy_gettext("What is your date of birth? For example 15/10/1970."),
        past_only=True,
    ),
    (Program.JHT, "employment_end_date"): Question(
        "employment_end_date",
        _DATE,
        lazy_gettext("On what date did your work end (the date on the resignation or PHK letter)?"),
        example=_EXAMPLE_DATE,
    ),
    (Program.JHT, "membership_start"): Question(
        "membership_start",
        _DATE,
        lazy_gettext(
            "When did your membership start? The JMO app shows it. For example 01/03/2014."
        ),
        past_only=True,
    ),
    (Program.JHT, "previous_partial_claim"): Question(
        "previous_partial_claim",
        _YES_NO,
        lazy_gettext("Have you already taken part of your JHT (10% or 30%) before?"),
    ),
    (Program.JKP, "termination_type"): Question(
        "termination_type", _CHOICE, lazy_gettext("How did your job end?"), TERMINATIONS
    ),
    (Program.JKP, "termination_date"): Question(
        "termination_date",
        _DATE,
        lazy_gettext("On what date were you dismissed (the PHK date)?"),
        example=_EXAMPLE_DATE,
    ),
    (Program.JKP, "contribution_months_last_24"): Question(
        "contribution_months_last_24",
        _COUNT,
        lazy_gettext("In the last 24 months, for how many months were contributions paid for you?"),
        maximum=24,
    ),
    (Program.JKP, "consecutive_months_before_termination"): Question(
        "consecutive_months_before_termination",
        _COUNT,
        lazy_gettext(
            "For how many months in a row, just before the dismissal, were contributions paid?"
        ),
    ),
    (Program.JKP, "willing_to_work"): Question(
        "willing_to_work",
        _YES_NO,
        lazy_gettext("Are you willing to work again? JKP asks you to look for work every month."),
    ),
    (Program.JKP, "employed_again"): Question(
        "employed_again",
        _YES_NO,
        lazy_gettext("Have you already started a new job with an employer?"),
    ),
    (Program.JKM, "death_cause"): Question(
        "death_cause", _CHOICE, lazy_gettext("What did the participant die of?"), DEATH_CAUSES
    ),
    (Program.JKM, "membership_active"): Question(
        "membership_active",
        _YES_NO,
        lazy_gettext("Was the membership active (contributions paid) at the time of death?"),
    ),
    (Program.JKM, "segment"): _migrant(
        lazy_gettext("Was the participant a migrant worker (PMI) abroad?")
    ),
    (Program.JKM, "contribution_years"): Question(
        "contribution_years",
        _COUNT,
        lazy_gettext(
            "For how many years were contributions paid? It decides the children's scholarship."
        ),
        unit=Unit.YEARS,
        maximum=100,
    ),
    (Program.JKK, "accident_context"): Question(
        "accident_context",
        _CHOICE,
        lazy_gettext("Where or how did the accident or illness happen?"),
        ACCIDENT_CONTEXTS,
    ),
    (Program.JKK, "membership_active"): Question(
        "membership_active",
        _YES_NO,
        lazy_gettext("Was your membership active (contributions paid) when it happened?"),
    ),
    (Program.JKK, "segment"): _migrant(
        lazy_gettext("Did it happen while you were working abroad as a migrant worker (PMI)?")
    ),
    (Program.JP, "birth_date"): Question(
        "birth_date",
        _DATE,
        lazy_gettext("What is your date of birth? For example 15/10/1966."),
        past_only=True,
    ),
    (Program.JP, "contribution_months"): Question(
        "contribution_months",
        _COUNT,
        lazy_gettext(
            "For how long have JP contributions been paid? In months or years, e.g. 15 tahun."
        ),
    ),
}

PROGRAM_QUESTION = Question(
    "program", _CHOICE, lazy_gettext("Which program do you want to check?"), PROGRAM_OPTIONS
)
