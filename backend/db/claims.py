"""Claims, their documents and the audit trail of their state changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.claims.states import ActorKind, ClaimState
from backend.db.base import Base
from backend.db.participants import Participant
from backend.db.types import BigIntegerPK, PortableJSON, UTCDateTime, str_enum, utc_now
from nlu import Language, Program


class Claim(Base):
    """A benefit claim filed by a worker, followed through its states until paid.

    `version` counts the changes: every UPDATE of the row says `WHERE version = <the version
    read>` (SQLAlchemy's `version_id_col`), so of two officers moving the same claim one wins
    and the other's flush fails (mapped to `Conflict` by `backend.claims.transitions`).
    """

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="RESTRICT"), index=True
    )
    program: Mapped[Program] = mapped_column(str_enum(Program))
    reason: Mapped[str | None] = mapped_column(
        String(32), doc="why the claim is made (JHT: a dialogues.rules JhtReason value)"
    )
    facts: Mapped[dict[str, Any]] = mapped_column(
        PortableJSON, doc="the facts the eligibility decision was made from"
    )
    decision: Mapped[dict[str, Any]] = mapped_column(
        PortableJSON, doc="the eligibility decision (Decision.to_dict()) at filing"
    )
    bank_name: Mapped[str] = mapped_column(String(100))
    bank_account_number: Mapped[str] = mapped_column(
        String(34), doc="the full number: never logged, masked in every answer but payment"
    )
    bank_account_holder: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[Language] = mapped_column(
        str_enum(Language), doc="the language the worker is written to in"
    )
    state: Mapped[ClaimState] = mapped_column(str_enum(ClaimState), index=True)
    interview_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="when the video interview is (state interview_scheduled)"
    )
    submission_key: Mapped[str | None] = mapped_column(
        String(128),
        unique=True,
        doc="idempotency key of the filing: a repeated submission files one claim",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    version: Mapped[int] = mapped_column(Integer)

    participant: Mapped[Participant] = relationship(lazy="raise")
    documents: Mapped[list[ClaimDocument]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        order_by="ClaimDocument.id",
        lazy="raise",
    )
    transitions: Mapped[list[ClaimTransition]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        order_by="ClaimTransition.id",
        lazy="raise",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own dict)

    @property
    def masked_bank_account(self) -> str:
        """The bank account number with all but its last 4 digits hidden."""
        number = self.bank_account_number
        return "*" * max(len(number) - 4, 0) + number[-4:]

    def __repr__(self) -> str:
        # Never the bank account: reprs end up in logs and tracebacks.
        return f"Claim(reference={self.reference!r}, state={self.state!r}, v={self.version!r})"


class ClaimDocument(Base):
    """A file the worker sent for a claim, stored outside any served folder."""

    __tablename__ = "claim_document"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(
        String(64), doc="a dialogues.rules.documents Document code, or 'face_photo'"
    )
    file_id: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, doc="bytes")
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(500))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    claim: Mapped[Claim] = relationship(back_populates="documents")


class ClaimTransition(Base):
    """One row of the audit log: who moved which claim from what to what, when and why."""

    __tablename__ = "claim_transition"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    actor_kind: Mapped[ActorKind] = mapped_column(str_enum(ActorKind))
    actor_id: Mapped[str] = mapped_column(
        String(128), doc="officer username or the worker's channel user id"
    )
    from_state: Mapped[ClaimState | None] = mapped_column(
        str_enum(ClaimState), doc="null for the filing itself"
    )
    to_state: Mapped[ClaimState] = mapped_column(str_enum(ClaimState))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    claim: Mapped[Claim] = relationship(back_populates="transitions")
