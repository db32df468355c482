"""What the back-office pages call things, in the page's language.

States, programs, roles, segments and the facts of a claim are codes in the database and the
API; on a page each is shown by its name here (translated when the page renders). A code
with no name here is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from babel.dates import format_date
from babel.support import LazyProxy

from backend.claims.states import ActorKind, ClaimState
from backend.db.officers import OfficerRole
from backend.db.participants import MembershipStatus
from backend.db.tickets import AuthorKind, TicketKind, TicketState
from dialogues.i18n import current_language, gettext, lazy_gettext
from dialogues.rules import documents, reasons
from dialogues.rules.facts import Segment
from nlu import Language, Program

CLAIM_STATES: Mapping[ClaimState, LazyProxy] = {
    ClaimState.SUBMITTED: lazy_gettext("Submitted"),
    ClaimState.VERIFYING: lazy_gettext("Being verified"),
    ClaimState.NEEDS_DOCUMENTS: lazy_gettext("Waiting for documents"),
    ClaimState.INTERVIEW_SCHEDULED: lazy_gettext("Interview scheduled"),
    ClaimState.APPROVED: lazy_gettext("Approved"),
    ClaimState.PAID: lazy_gettext("Paid"),
    ClaimState.REJECTED: lazy_gettext("Rejected"),
    ClaimState.CANCELLED: lazy_gettext("Cancelled by the worker"),
}
PROGRAMS: Mapping[Program, LazyProxy] = {
    # The same names the chat's program choice shows.
    Program.JHT: lazy_gettext("JHT: old-age savings"),
    Program.JKK: lazy_gettext("JKK: work accident"),
    Program.JKM: lazy_gettext("JKM: death benefit"),
    Program.JP: lazy_gettext("JP: pension"),
    Program.JKP: lazy_gettext("JKP: job loss"),
}
TICKET_STATES: Mapping[TicketState, LazyProxy] = {
    TicketState.OPEN: lazy_gettext("Open"),
    TicketState.CLOSED: lazy_gettext("Closed"),
}
TICKET_KINDS: Mapping[TicketKind, LazyProxy] = {
    TicketKind.COMPLAINT: lazy_gettext("Complaint"),
    TicketKind.HUMAN_AGENT: lazy_gettext("Asked for an officer"),
}
ROLES: Mapping[OfficerRole, LazyProxy] = {
    OfficerRole.OFFICER: lazy_gettext("officer"),
    OfficerRole.SUPERVISOR: lazy_gettext("supervisor"),
}
ACTORS: Mapping[ActorKind, LazyProxy] = {
    ActorKind.WORKER: lazy_gettext("Worker"),
    ActorKind.OFFICER: lazy_gettext("Officer"),
}
AUTHORS: Mapping[AuthorKind, LazyProxy] = {
    AuthorKind.WORKER: lazy_gettext("Worker"),
    AuthorKind.OFFICER: lazy_gettext("Officer"),
}
SEGMENTS: Mapping[Segment, LazyProxy] = {
    Segment.PU: lazy_gettext("wage earner (PU)"),
    Segment.BPU: lazy_gettext("non-wage worker (BPU)"),
    Segment.PMI: lazy_gettext("migrant worker (PMI)"),
}
MEMBERSHIP: Mapping[MembershipStatus, LazyProxy] = {
    MembershipStatus.ACTIVE: lazy_gettext("active"),
    MembershipStatus.INACTIVE: lazy_gettext("inactive"),
}
LANGUAGES: Mapping[Language, LazyProxy] = {
    Language.ID: lazy_gettext("Indonesian"),
    Language.EN: lazy_gettext("English"),
}
FACTS: Mapping[str, LazyProxy] = {
    "accident_context": lazy_gettext("Where the accident happened"),
    "as_of": lazy_gettext("Facts as of"),
    "birth_date": lazy_gettext("Date of birth"),
    "consecutive_months_before_termination": lazy_gettext(
        "Months of contributions in a row before the job ended"
    ),
    "contribution_months": lazy_gettext("Months of contributions"),
    "contribution_months_last_24": lazy_gettext("Months of contributions in the last 24"),
    "contribution_years": lazy_gettext("Years of contributions"),
    "death_cause": lazy_gettext("Cause of death"),
    "death_date": lazy_gettext("Date of death"),
    "employed_again": lazy_gettext("Working again"),
    "employment_end_date": lazy_gettext("Employment ended on"),
    "jht_opted_in": lazy_gettext("Joined JHT"),
    "membership_active": lazy_gettext("Membership active"),
    "membership_start": lazy_gettext("Member since"),
    "nationality": lazy_gettext("Nationality"),
    "previous_partial_claim": lazy_gettext("Took part of the JHT before"),
    "reason": lazy_gettext("Reason for the claim"),
    "segment": lazy_gettext("Segment"),
    "termination_date": lazy_gettext("Job ended on"),
    "termination_type": lazy_gettext("How the job ended"),
    "willing_to_work": lazy_gettext("Willing to work again"),
}
"""Every field of the eligibility facts (dialogues.rules.facts), named for an officer."""
FACE_PHOTO = "face_photo"

_NAMES: Mapping[type, Mapping[Any, LazyProxy]] = {
    ClaimState: CLAIM_STATES,
    Program: PROGRAMS,
    TicketState: TICKET_STATES,
    TicketKind: TICKET_KINDS,
    OfficerRole: ROLES,
    ActorKind: ACTORS,
    AuthorKind: AUTHORS,
    Segment: SEGMENTS,
    MembershipStatus: MEMBERSHIP,
    Language: LANGUAGES,
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def name_of(value: StrEnum) -> str:
    """The name of a state, program, role, ... in the current language (else its code)."""
    names = _NAMES.get(type(value), {})
    return str(names[value]) if value in names else str(value)


def fact_label(key: str) -> str:
    """The name of a fact of the eligibility decision (else its key)."""
    return str(FACTS[key]) if key in FACTS else key


def fact_value(key: str, value: Any) -> str:
    """A fact's value: yes or no, a date the language's way, a segment's name, or as it is."""
    if key == "segment" and isinstance(value, str) and value in set(Segment):
        return name_of(Segment(value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return format_date(day, format="medium", locale=current_language().value)
    return str(value)


def reason_text(code: str) -> str:
    """What a reason of the eligibility decision means (else its code)."""
    try:
        return str(reasons.EXPLANATIONS[reasons.Reason(code)])
    except (KeyError, ValueError):
        return code


def document_name(code: str) -> str:
    """The name of a kind of document (else its code)."""
    if code == FACE_PHOTO:
        return gettext("Photo of the worker's face")
    try:
        return str(documents.NAMES[documents.Document(code)])
    except (KeyError, ValueError):
        return code
