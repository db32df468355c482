"""What the officer API answers and accepts (the pages render the same models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from backend.api.eligibility_schemas import JhtRequest
from backend.api.reminder_schemas import ReminderScheduleOut
from backend.claims.states import ActorKind, ClaimState
from backend.claims.transitions import NOTE_MAX
from backend.db.claims import Claim
from backend.db.officers import Officer
from backend.db.participants import MembershipStatus
from backend.officers.queries import QueueItem, QueuePage
from backend.officers.roles import moves_for, sees_full_bank_account
from dialogues.rules.facts import Segment
from nlu import Language, Program


def mask(number: str, keep: int = 4) -> str:
    """Hide all but the last `keep` characters of a number."""
    return "*" * max(len(number) - keep, 0) + number[-keep:]


class QueueItemOut(BaseModel):
    """One claim in the queue."""

    reference: str
    program: Program
    state: ClaimState
    channel: str
    participant_name: str
    created_at: datetime
    updated_at: datetime
    interview_at: datetime | None
    version: int

    @classmethod
    def of(cls, item: QueueItem) -> QueueItemOut:
        """Build it from the query's item."""
        return cls.model_validate(item, from_attributes=True)


class QueueOut(BaseModel):
    """A page of the queue, oldest filed first."""

    items: list[QueueItemOut]
    total: int
    page: int
    per_page: int
    pages: int

    @classmethod
    def of(cls, page: QueuePage) -> QueueOut:
        """Build it from the query's page."""
        return cls(
            items=[QueueItemOut.of(item) for item in page.items],
            total=page.total,
            page=page.page,
            per_page=page.per_page,
            pages=page.pages,
        )


class ParticipantOut(BaseModel):
    """Who filed the claim, as the registry knows them (KPJ masked, no NIK)."""

    name: str
    kpj_masked: str
    segment: Segment
    placement_country: str | None
    membership_status: MembershipStatus


class BankOut(BaseModel):
    """Where the money goes; the whole number only for a supervisor paying an approved claim."""

    bank_name: str
    holder: str
    account_masked: str
    account_number: str | None = Field(
        default=None, description="Only for supervisors, and only while the claim is approved."
    )


class DocumentOut(BaseModel):
    """A document the worker sent; download it from `download_url` (logged-in officers)."""

    id: int
    kind: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str


class AuditOut(BaseModel):
    """One move of the claim: who, when, from, to and why."""

    actor_kind: ActorKind
    actor_id: str
    from_state: ClaimState | None
    to_state: ClaimState
    note: str | None
    at: datetime


class ClaimOut(BaseModel):
    """A claim with everything an officer needs to decide on it."""

    reference: str
    program: Program
    reason: str | None
    state: ClaimState
    version: int = Field(description="Send it back as `expected_version` to move the claim.")
    channel: str
    language: Language
    created_at: datetime
    updated_at: datetime
    interview_at: datetime | None
    participant: ParticipantOut
    bank: BankOut
    facts: dict[str, Any] = Field(description="The facts the eligibility decision used.")
    decision: dict[str, Any] = Field(description="The eligibility decision at filing.")
    documents: list[DocumentOut]
    audit: list[AuditOut]
    allowed_moves: list[ClaimState] = Field(
        description="The states this officer may move the claim to now."
    )
    reminders: list[ReminderScheduleOut] = Field(
        default_factory=list,
        description="The worker's JKP reminder schedules and duty progress, one per chat.",
    )

    @classmethod
    def of(cls, claim: Claim, officer: Officer, document_url: str) -> ClaimOut:
        """Build it from a claim loaded by `claim_detail`; `document_url` has `{id}`."""
        person = claim.participant
        full = sees_full_bank_account(officer.role, claim.state)
        return cls(
            reference=claim.reference,
            program=claim.program,
            reason=claim.reason,
            state=claim.state,
            version=claim.version,
            channel=claim.channel,
            language=claim.language,
            created_at=claim.created_at,
            updated_at=claim.updated_at,
            interview_at=claim.interview_at,
            participant=ParticipantOut(
                name=person.name,
                kpj_masked=mask(person.kpj),
                segment=person.segment,
                placement_country=person.placement_country,
                membership_status=person.membership_status,
            ),
            bank=BankOut(
                bank_name=claim.bank_name,
                holder=claim.bank_account_holder,
                account_masked=claim.masked_bank_account,
                account_number=claim.bank_account_number if full else None,
            ),
            facts=claim.facts,
            decision=claim.decision,
            documents=[
                DocumentOut(
                    id=d.id,
                    kind=d.kind,
                    content_type=d.content_type,
                    size=d.size,
                    sha256=d.sha256,
                    uploaded_at=d.uploaded_at,
                    download_url=document_url.format(id=d.id),
                )
                for d in claim.documents
            ],
            audit=[
                AuditOut(
                    actor_kind=t.actor_kind,
                    actor_id=t.actor_id,
                    from_state=t.from_state,
                    to_state=t.to_state,
                    note=t.note,
                    at=t.at,
                )
                for t in claim.transitions
            ],
            allowed_moves=moves_for(officer.role, claim.state),
        )


Note = Field(default=None, max_length=NOTE_MAX, description="Why; shown in the audit trail.")


class TransitionRequest(BaseModel):
    """Move a claim to `to`; `expected_version` is the version the officer saw."""

    to: ClaimState
    expected_version: int = Field(ge=1)
    note: str | None = Note
    interview_at: AwareDatetime | None = Field(
        default=None, description="Needed to move to interview_scheduled: a future moment."
    )


class InterviewRequest(BaseModel):
    """Schedule (or move) the video interview at `at`, a future moment with its offset."""

    at: AwareDatetime
    expected_version: int = Field(ge=1)
    note: str | None = Note


class PaidRequest(BaseModel):
    """Record that the money of an approved claim was transferred."""

    expected_version: int = Field(ge=1)
    note: str | None = Field(
        default=None, max_length=NOTE_MAX, description="E.g. the bank transfer's reference."
    )


class FileClaimRequest(BaseModel):
    """A JHT claim filed for the worker linked to a chat user, on their behalf.

    `facts` are those of `POST /api/v1/eligibility/JHT`; the decision is made again from
    them. A repeated `submission_key` returns the claim it filed instead of filing another.
    """

    channel: str = Field(min_length=1, max_length=32)
    channel_user_id: str = Field(min_length=1, max_length=128)
    language: Language = Language.ID
    submission_key: str | None = Field(default=None, min_length=8, max_length=128)
    facts: JhtRequest
    bank_name: str = Field(min_length=1, max_length=100)
    bank_account_number: str = Field(pattern=r"^[0-9]{6,20}$")
    bank_account_holder: str = Field(min_length=1, max_length=200)


class FiledClaimOut(BaseModel):
    """The claim just filed (its detail is at `url`)."""

    reference: str
    program: Program
    state: ClaimState
    version: int
    created_at: datetime
    url: str
