"""The participants registry port: what Jamsos asks of BPJS's core system, and the SQL stand-in.

`ParticipantRegistry` is all the chat flows and the back office may rely on; the demo
implementation reads our own tables (`SqlParticipantRegistry`), and a real integration with
BPJS's core system would implement the same four methods. The values returned are plain
frozen dataclasses, never ORM rows.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.participants import (
    Contribution,
    JhtBalance,
    MembershipStatus,
    Participant,
    ParticipantProgram,
)
from dialogues.rules.facts import Segment
from nlu import Program

RECENT_CONTRIBUTIONS = 6
"""How many of the latest months a membership summary lists."""


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    """A participant as the registry knows them (the NIK is not handed out)."""

    id: int
    kpj: str
    name: str
    birth_date: date
    segment: Segment
    placement_country: str | None
    membership_start: date
    membership_status: MembershipStatus
    programs: tuple[Program, ...]

    def __repr__(self) -> str:
        # Never the KPJ or name: reprs end up in logs and tracebacks.
        return f"ParticipantRecord(id={self.id!r}, segment={self.segment!r})"


@dataclass(frozen=True, slots=True)
class MonthlyContribution:
    """What was paid for one month (first day of the month), all programs together."""

    month: date
    amount: int
    programs: tuple[Program, ...]


@dataclass(frozen=True, slots=True)
class MembershipSummary:
    """Active or not, the latest contributions (newest first), and the JHT balance."""

    participant: ParticipantRecord
    active: bool
    recent_contributions: tuple[MonthlyContribution, ...]
    jht_balance: int | None
    jht_balance_as_of: date | None


class ParticipantRegistry(Protocol):
    """The registry of BPJS Ketenagakerjaan participants, as Jamsos uses it."""

    async def find_by_kpj(self, kpj: str) -> ParticipantRecord | None:
        """Return the participant with this KPJ number, or None."""
        ...

    async def find_by_id(self, participant_id: int) -> ParticipantRecord | None:
        """Return the participant with this id, or None."""
        ...

    async def verify_identity(
        self, *, kpj: str, nik: str, birth_date: date
    ) -> ParticipantRecord | None:
        """Return the participant only if KPJ, NIK and birth date all match; else None.

        Which of the three did not match is never told.
        """
        ...

    async def membership_summary(self, participant_id: int) -> MembershipSummary | None:
        """Return the participant's membership summary, or None if there is no such one."""
        ...


class SqlParticipantRegistry:
    """The registry read from our own tables (seeded by `jamsos seed-demo`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find_by_kpj(self, kpj: str) -> ParticipantRecord | None:
        """Return the participant with this KPJ number, or None."""
        row = await self._session.scalar(select(Participant).where(Participant.kpj == kpj))
        return _record(row) if row is not None else None

    async def find_by_id(self, participant_id: int) -> ParticipantRecord | None:
        """Return the participant with this id, or None."""
        row = await self._session.get(Participant, participant_id)
        return _record(row) if row is not None else None

    async def verify_identity(
        self, *, kpj: str, nik: str, birth_date: date
    ) -> ParticipantRecord | None:
        """Return the participant only if KPJ, NIK and birth date all match; else None."""
        row = await self._session.scalar(select(Participant).where(Participant.kpj == kpj))
        if row is None:
            return None
        nik_matches = hmac.compare_digest(row.nik.encode(), nik.encode())
        if not nik_matches or row.birth_date != birth_date:
            return None
        return _record(row)

    async def membership_summary(self, participant_id: int) -> MembershipSummary | None:
        """Return the participant's membership summary, or None if there is no such one."""
        row = await self._session.get(Participant, participant_id)
        if row is None:
            return None
        contributions = (
            await self._session.scalars(
                select(Contribution)
                .where(Contribution.participant_id == participant_id)
                .order_by(Contribution.month.desc(), Contribution.program)
            )
        ).all()
        months: dict[date, list[Contribution]] = {}
        for contribution in contributions:
            if contribution.month not in months and len(months) == RECENT_CONTRIBUTIONS:
                break
            months.setdefault(contribution.month, []).append(contribution)
        balance = await self._session.get(JhtBalance, participant_id)
        return MembershipSummary(
            participant=_record(row),
            active=row.membership_status is MembershipStatus.ACTIVE,
            recent_contributions=tuple(
                MonthlyContribution(
                    month=month,
                    amount=sum(c.amount for c in paid),
                    programs=tuple(sorted({c.program for c in paid})),
                )
                for month, paid in months.items()
            ),
            jht_balance=balance.balance if balance else None,
            jht_balance_as_of=balance.as_of if balance else None,
        )


def _record(row: Participant) -> ParticipantRecord:
    return ParticipantRecord(
        id=row.id,
        kpj=row.kpj,
        name=row.name,
        birth_date=row.birth_date,
        segment=row.segment,
        placement_country=row.placement_country,
        membership_start=row.membership_start,
        membership_status=row.membership_status,
        programs=_programs(row.programs),
    )


def _programs(rows: list[ParticipantProgram]) -> tuple[Program, ...]:
    order = list(Program)
    return tuple(sorted((r.program for r in rows), key=order.index))
