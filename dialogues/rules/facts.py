"""The facts each program's decision is made from, as plain frozen values.

Every fact except `as_of` may be left out (None): a decision asks for a fact only when its
outcome depends on it, by raising `MissingFact(field)`, so a walkthrough can fill the facts in
one question at a time and the HTTP API can answer 422 naming the field. Field names are the
contract's (`../shared/domain/eligibility.md`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class JhtReason(StrEnum):
    """Why a JHT claim is made: criteria a to k of Permenaker 4/2022."""

    AGE_56 = "age_56"
    RETIREMENT_AGE = "retirement_age"
    PKWT_ENDED = "pkwt_ended"
    BPU_STOPPED = "bpu_stopped"
    RESIGNED = "resigned"
    TERMINATED = "terminated"
    LEFT_INDONESIA = "left_indonesia"
    TOTAL_DISABILITY = "total_disability"
    DEATH = "death"
    PARTIAL_10 = "partial_10"
    PARTIAL_30 = "partial_30"


class Nationality(StrEnum):
    """Citizen (WNI) or foreign national (WNA)."""

    WNI = "WNI"
    WNA = "WNA"


class Segment(StrEnum):
    """Participant segment: wage earner, informal (non-wage) worker, or migrant worker."""

    PU = "PU"
    BPU = "BPU"
    PMI = "PMI"


class TerminationType(StrEnum):
    """How employment ended, for JKP."""

    PHK = "phk"
    RESIGNED = "resigned"
    RETIRED = "retired"
    TOTAL_DISABILITY = "total_disability"
    DEATH = "death"
    PKWT_ENDED = "pkwt_ended"


class DeathCause(StrEnum):
    """What a participant died of, for JKM."""

    WORK_ACCIDENT = "work_accident"
    OTHER = "other"


class AccidentContext(StrEnum):
    """Where or how an accident or disease came about, for JKK."""

    AT_WORK = "at_work"
    COMMUTE = "commute"
    OCCUPATIONAL_DISEASE = "occupational_disease"
    OUTSIDE_WORK = "outside_work"


@dataclass(frozen=True, slots=True, kw_only=True)
class JhtFacts:
    """Facts for a JHT claim (PP 46/2015, Permenaker 4/2022, Permenaker 4/2023 for PMI)."""

    as_of: date
    reason: JhtReason | None = None
    nationality: Nationality = Nationality.WNI
    segment: Segment = Segment.PU
    birth_date: date | None = None
    membership_start: date | None = None
    employment_end_date: date | None = None
    previous_partial_claim: bool | None = None
    jht_opted_in: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JkpFacts:
    """Facts for a JKP claim (PP 37/2021 as amended by PP 6/2025)."""

    as_of: date
    termination_type: TerminationType | None = None
    termination_date: date | None = None
    contribution_months_last_24: int | None = None
    consecutive_months_before_termination: int | None = None
    willing_to_work: bool | None = None
    employed_again: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JkmFacts:
    """Facts for a JKM claim by the heirs (PP 44/2015 as amended by PP 82/2019).

    `segment` is not in the contract's table: it only picks the migrant-worker document list.
    """

    as_of: date
    death_cause: DeathCause | None = None
    death_date: date | None = None
    membership_active: bool | None = None
    contribution_years: int | None = None
    segment: Segment = Segment.PU


@dataclass(frozen=True, slots=True, kw_only=True)
class JkkFacts:
    """Facts for a JKK claim (PP 44/2015 as amended by PP 82/2019).

    `segment` is not in the contract's table: it only picks the migrant-worker document list.
    """

    as_of: date
    accident_context: AccidentContext | None = None
    membership_active: bool | None = None
    segment: Segment = Segment.PU


@dataclass(frozen=True, slots=True, kw_only=True)
class JpFacts:
    """Facts for a JP old-age pension claim (PP 45/2015)."""

    as_of: date
    birth_date: date | None = None
    contribution_months: int | None = None


Facts = JhtFacts | JkpFacts | JkmFacts | JkkFacts | JpFacts
