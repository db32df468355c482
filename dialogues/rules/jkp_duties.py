"""The JKP monthly duties: what the worker does each month to keep JKP, and how reports count.

PP 37/2021 as amended by PP 6/2025, with the claim procedure of Permenaker 15/2021
(`../shared/domain/facts.md` §4.4). Each duty month of the cycle (`dialogues.rules.jkp_schedule`)
has, done between the previous claim and the next one:

- the self-assessment on SIAPkerja;
- at least 5 job applications to different companies, or 1 interview at one company;
- counselling;
- the recommended job training, at least 80% attendance, in months 2 to 5 only.

Everything is pure: the worker's reports are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from dialogues.rules.jkp_schedule import JkpMonth, jkp_months

APPLICATIONS_NEEDED = 5
INTERVIEWS_NEEDED = 1
TRAINING_ATTENDANCE = Fraction(4, 5)
"""At least 80% of the training sessions attended."""
DETAIL_MAX = 100
"""A company name is kept to this length."""


class DutyKind(StrEnum):
    """What the worker does each month to keep JKP."""

    SELF_ASSESSMENT = "self_assessment"
    APPLICATION = "application"
    INTERVIEW = "interview"
    COUNSELLING = "counselling"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class DutyEntry:
    """One duty the worker reported for a month.

    `count`: applications, interviews or training sessions attended (1 for the others);
    `total`: training sessions held, when the worker said ("4 dari 5 kali"); `detail`: the
    company applied to, when named.
    """

    month: int
    kind: DutyKind
    count: int = 1
    total: int | None = None
    detail: str | None = None


def company_key(name: str) -> str:
    """Return a company name as compared: "PT. Maju Jaya Tbk" and "maju jaya" are one."""
    words = re.sub(r"[^\w ]+", " ", name.lower()).split()
    return " ".join(w for w in words if w not in {"pt", "cv", "tbk", "persero"})


@dataclass(frozen=True, slots=True)
class Missing:
    """One duty still missing this month: its kind, and how far it is (when counted)."""

    kind: DutyKind
    done: int = 0
    needed: int = 0
    total: int | None = None


@dataclass(frozen=True, slots=True)
class MonthProgress:
    """What the worker reported for one month, counted."""

    month: JkpMonth
    applications: int
    companies: tuple[str, ...]
    interviews: int
    counselling: int
    self_assessment: int
    training_attended: int
    training_total: int | None

    @property
    def applications_done(self) -> bool:
        """At least 5 applications, or an interview."""
        return self.applications >= APPLICATIONS_NEEDED or self.interviews >= INTERVIEWS_NEEDED

    @property
    def training_done(self) -> bool:
        """At least 80% of the training sessions attended (or no training this month)."""
        if not self.month.needs_training:
            return True
        if not self.training_total:
            return False
        return Fraction(self.training_attended, self.training_total) >= TRAINING_ATTENDANCE

    def missing(self) -> tuple[Missing, ...]:
        """Return what is still to do this month, in the order SIAPkerja lists it."""
        missing: list[Missing] = []
        if not self.self_assessment:
            missing.append(Missing(DutyKind.SELF_ASSESSMENT))
        if not self.applications_done:
            missing.append(
                Missing(DutyKind.APPLICATION, done=self.applications, needed=APPLICATIONS_NEEDED)
            )
        if not self.counselling:
            missing.append(Missing(DutyKind.COUNSELLING))
        if not self.training_done:
            missing.append(
                Missing(DutyKind.TRAINING, done=self.training_attended, total=self.training_total)
            )
        return tuple(missing)


def progress(month: JkpMonth, entries: Iterable[DutyEntry]) -> MonthProgress:
    """Count the entries of one month.

    Applications to a named company count once per company ("PT Maju" twice is one);
    unnamed ones count as given. For training, the latest report with a total
    ("4 dari 5 kali") is the attendance; without any total, the sessions reported add up.
    """
    mine = [e for e in entries if e.month == month.number]
    companies: dict[str, str] = {}
    unnamed = 0
    for entry in (e for e in mine if e.kind == DutyKind.APPLICATION):
        if entry.detail and company_key(entry.detail):
            companies.setdefault(company_key(entry.detail), entry.detail)
        else:
            unnamed += entry.count

    def count(kind: DutyKind) -> int:
        return sum(e.count for e in mine if e.kind == kind)

    trainings = [e for e in mine if e.kind == DutyKind.TRAINING]
    with_total = [e for e in trainings if e.total]
    if with_total:
        attended, total = with_total[-1].count, with_total[-1].total
    else:
        attended, total = sum(e.count for e in trainings), None
    return MonthProgress(
        month=month,
        applications=len(companies) + unnamed,
        companies=tuple(companies.values()),
        interviews=count(DutyKind.INTERVIEW),
        counselling=count(DutyKind.COUNSELLING),
        self_assessment=count(DutyKind.SELF_ASSESSMENT),
        training_attended=attended,
        training_total=total,
    )


def month_progress(
    first_date: date, month_number: int, entries: Sequence[DutyEntry]
) -> MonthProgress | None:
    """Return the progress of duty month `month_number` (None outside months 2-6)."""
    month = next((m for m in jkp_months(first_date) if m.number == month_number), None)
    return progress(month, entries) if month is not None else None
