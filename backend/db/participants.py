"""The participants registry standing in for BPJS's core system: members, contributions, JHT.

Read through `backend.registry.ParticipantRegistry`, so a real integration can replace it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base
from backend.db.types import BigIntegerPK, UTCDateTime, str_enum, utc_now
from dialogues.rules.facts import Segment
from nlu import Program


class MembershipStatus(StrEnum):
    """Whether contributions are being paid (active) or have stopped (inactive)."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class Participant(Base):
    """One member of BPJS Ketenagakerjaan."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kpj: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date] = mapped_column(Date)
    segment: Mapped[Segment] = mapped_column(str_enum(Segment))
    placement_country: Mapped[str | None] = mapped_column(
        String(2), doc="ISO 3166-1 alpha-2 code of the country of placement (PMI)"
    )
    membership_start: Mapped[date] = mapped_column(Date)
    membership_status: Mapped[MembershipStatus] = mapped_column(str_enum(MembershipStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    programs: Mapped[list[ParticipantProgram]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        # Never the NIK, KPJ or name: reprs end up in logs and tracebacks.
        return f"Participant(id={self.id!r}, segment={self.segment!r})"


class ParticipantProgram(Base):
    """A program the participant is enrolled in (PMI: JKK and JKM, JHT if opted in)."""

    __tablename__ = "participant_program"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    program: Mapped[Program] = mapped_column(str_enum(Program), primary_key=True)

    participant: Mapped[Participant] = relationship(back_populates="programs")


class Contribution(Base):
    """One month's contribution to one program, in whole rupiah."""

    __tablename__ = "contribution"
    __table_args__ = (UniqueConstraint("participant_id", "month", "program"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[date] = mapped_column(Date, doc="the first day of the month paid for")
    program: Mapped[Program] = mapped_column(str_enum(Program))
    amount: Mapped[int] = mapped_column(BigInteger, doc="rupiah")
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JhtBalance(Base):
    """The participant's JHT balance (contributions plus returns), in whole rupiah."""

    __tablename__ = "jht_balance"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    balance: Mapped[int] = mapped_column(BigInteger, doc="rupiah")
    as_of: Mapped[date] = mapped_column(Date)
