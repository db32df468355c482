"""What the eligibility API accepts and answers: each program's facts, the decision, the 422s.

The request models are named and shaped as the rules' facts (`dialogues.rules.facts`), so a
route passes their fields on as they are; dates are `YYYY-MM-DD` strings only. The officer
API files a claim with the same JHT facts (`officer_schemas`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from dialogues.rules.documents import Document
from dialogues.rules.facts import (
    AccidentContext,
    DeathCause,
    JhtReason,
    Nationality,
    Segment,
    TerminationType,
)
from dialogues.rules.reasons import Reason
from nlu import Program

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> object:
    """Accept only a `YYYY-MM-DD` string (no timestamps, no other formats)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class FactsBase(BaseModel):
    """What every program's facts share: the date the decision is made on."""

    model_config = ConfigDict(extra="ignore")

    as_of: IsoDate | None = Field(
        default=None,
        description="The day the decision is for (YYYY-MM-DD); default: today in `timezone`.",
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="The user's IANA time zone, for the default `as_of` (default Asia/Jakarta).",
        examples=["Asia/Taipei"],
    )


class JhtRequest(FactsBase):
    """Facts for a JHT claim; which are needed depends on `reason`."""

    reason: JhtReason = Field(description="The claim ground (criteria a to k).")
    nationality: Nationality = Nationality.WNI
    segment: Segment = Segment.PU
    birth_date: IsoDate | None = Field(default=None, description="Needed for `age_56`.")
    membership_start: IsoDate | None = Field(default=None, description="Needed for partials.")
    employment_end_date: IsoDate | None = Field(
        default=None, description="Last day of work; needed for `resigned` and `terminated`."
    )
    previous_partial_claim: StrictBool | None = Field(
        default=None, description="Needed for partials: was a 10%/30% claim made before?"
    )
    jht_opted_in: StrictBool | None = Field(
        default=None, description="Migrant workers (PMI) only: did they join the optional JHT?"
    )


class JkpRequest(FactsBase):
    """Facts for a JKP claim; a type other than `phk` needs nothing more."""

    termination_type: TerminationType
    termination_date: IsoDate | None = None
    contribution_months_last_24: Annotated[StrictInt, Field(ge=0, le=24)] | None = None
    consecutive_months_before_termination: Annotated[StrictInt, Field(ge=0, le=1200)] | None = None
    willing_to_work: StrictBool | None = None
    employed_again: StrictBool | None = None


class JkmRequest(FactsBase):
    """Facts for a JKM claim by the heirs; `contribution_years` only for the scholarship."""

    death_cause: DeathCause
    death_date: IsoDate | None = None
    membership_active: StrictBool | None = None
    contribution_years: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    segment: Segment = Field(
        default=Segment.PU, description="PMI gets the migrant-worker documents."
    )


class JkkRequest(FactsBase):
    """Facts for a JKK claim."""

    accident_context: AccidentContext
    membership_active: StrictBool | None = None
    segment: Segment = Field(
        default=Segment.PU, description="PMI gets the migrant-worker documents."
    )


class JpRequest(FactsBase):
    """Facts for a JP old-age pension claim."""

    birth_date: IsoDate
    contribution_months: Annotated[StrictInt, Field(ge=0, le=1200)]


class Answer(BaseModel):
    """The decision, for JKP, JKM, JKK and JP."""

    program: Program
    eligible: bool = Field(description="Whether a claim can be filed on `as_of`.")
    earliest_date: date | None = Field(
        description="The first day a claim can be filed when waiting alone stands in the way."
    )
    reasons: list[Reason] = Field(description="Why; each code is explained in the catalogs.")
    documents: list[Document] = Field(description="What the claim needs, as document codes.")


class JhtAnswer(BaseModel):
    """The decision for JHT, with the share of the balance the reason pays."""

    program: Literal[Program.JHT]
    eligible: bool
    earliest_date: date | None
    max_percent: Literal[10, 30, 100] = Field(description="Share of the balance: 10, 30 or 100.")
    reasons: list[Reason]
    documents: list[Document]


class ValidationProblem(BaseModel):
    """One problem with the request: `loc` ends with the field's name."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationProblems(BaseModel):
    """422: missing or malformed facts, each named."""

    detail: list[ValidationProblem]
