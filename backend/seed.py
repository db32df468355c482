"""`jamsos seed-demo`: synthetic participants for the registry and an officer account.

Everything is made up: names, NIKs (well-formed, consistent with the birth date and sex),
11-digit KPJ numbers, contributions and balances. The same 20 participants come out every
time (a fixed random seed), and running it again adds nothing: participants are matched by
KPJ, the officer by username (its password is only set when it is created, or reset on
request).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.officers import Officer, OfficerRole
from backend.db.participants import (
    Contribution,
    JhtBalance,
    MembershipStatus,
    Participant,
    ParticipantProgram,
)
from backend.security import hash_password, new_password
from dialogues.rules.common import add_months
from dialogues.rules.facts import Segment
from dialogues.rules.identity import Sex, make_nik
from nlu import Program

OFFICER_USERNAME = "supervisor"
SEED = 20261121
MONTHS_OF_HISTORY = 12

_F, _M = Sex.FEMALE, Sex.MALE
PEOPLE: tuple[tuple[str, Sex, Segment, str | None], ...] = (
    ("Siti Rahayu", _F, Segment.PMI, "HK"),
    ("Dewi Lestari", _F, Segment.PMI, "TW"),
    ("Budi Santoso", _M, Segment.PMI, "MY"),
    ("Sri Wahyuni", _F, Segment.PMI, "HK"),
    ("Agus Setiawan", _M, Segment.PMI, "KR"),
    ("Nur Aini", _F, Segment.PMI, "SA"),
    ("Rina Marlina", _F, Segment.PMI, "TW"),
    ("Eko Prasetyo", _M, Segment.PMI, "KR"),
    ("Yuli Astuti", _F, Segment.PMI, "MY"),
    ("Wahyu Hidayat", _M, Segment.PMI, "SA"),
    ("Ani Susanti", _F, Segment.PMI, "HK"),
    ("Dedi Kurniawan", _M, Segment.PMI, "MY"),
    ("Lina Fitriani", _F, Segment.PMI, "TW"),
    ("Joko Susilo", _M, Segment.PMI, "KR"),
    ("Tuti Handayani", _F, Segment.PU, None),
    ("Rudi Hartono", _M, Segment.PU, None),
    ("Maya Sari", _F, Segment.PU, None),
    ("Hendra Gunawan", _M, Segment.BPU, None),
    ("Ratna Dewi", _F, Segment.BPU, None),
    ("Slamet Riyadi", _M, Segment.BPU, None),
)
"""Name, sex, segment and (PMI) country of placement of each synthetic participant."""

REGIONS = ("330101", "330201", "320301", "351001", "520101", "350701", "321401")
"""Region codes the synthetic NIKs use (province, regency, district)."""

_PMI_JHT_CHOICES = (50_000, 100_000, 200_000, 300_000)
_PMI_JKK_JKM_MONTHLY = 13_500
"""Permenaker 4/2023 art. 18's rate per month of protection (facts.md §2)."""


@dataclass(frozen=True, slots=True)
class DemoParticipant:
    """Who to try linking as in the chat."""

    name: str
    kpj: str
    nik: str
    birth_date: date


@dataclass(frozen=True, slots=True)
class SeedReport:
    """What `seed_demo` did; `officer_password` is None when the account was kept as it was."""

    participants_added: int
    participants_total: int
    officer_username: str
    officer_password: str | None
    example: DemoParticipant


@dataclass(frozen=True, slots=True)
class _Plan:
    participant: Participant
    contributions: list[Contribution]
    balance: JhtBalance | None


async def seed_demo(
    *, session: AsyncSession, today: date, reset_password: bool = False
) -> SeedReport:
    """Add the synthetic participants not there yet and the officer account, if missing.

    Runs in the session's transaction; the caller commits.
    """
    plans = _plans(today)
    known = set(
        (
            await session.scalars(
                select(Participant.kpj).where(
                    Participant.kpj.in_([p.participant.kpj for p in plans])
                )
            )
        ).all()
    )
    added = 0
    for plan in plans:
        if plan.participant.kpj in known:
            continue
        session.add(plan.participant)
        await session.flush()
        for contribution in plan.contributions:
            contribution.participant_id = plan.participant.id
        session.add_all(plan.contributions)
        if plan.balance is not None:
            plan.balance.participant_id = plan.participant.id
            session.add(plan.balance)
        added += 1
    password = await _officer(session, reset_password=reset_password)
    await session.flush()
    first = plans[0].participant
    return SeedReport(
        participants_added=added,
        participants_total=len(plans),
        officer_username=OFFICER_USERNAME,
        officer_password=password,
        example=DemoParticipant(first.name, first.kpj, first.nik, first.birth_date),
    )


async def _officer(session: AsyncSession, *, reset_password: bool) -> str | None:
    officer = await session.scalar(select(Officer).where(Officer.username == OFFICER_USERNAME))
    if officer is not None and not reset_password:
        return None
    password = new_password()
    if officer is None:
        session.add(
            Officer(
                username=OFFICER_USERNAME,
                password_hash=hash_password(password),
                role=OfficerRole.SUPERVISOR,
                active=True,
            )
        )
    else:
        officer.password_hash = hash_password(password)
    return password


def _plans(today: date) -> list[_Plan]:
    rng = random.Random(SEED)
    last_month = add_months(today.replace(day=1), -1)
    plans: list[_Plan] = []
    for index, (name, sex, segment, country) in enumerate(PEOPLE):
        birth_date = date(rng.randint(1975, 2002), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(
            region=rng.choice(REGIONS), birth_date=birth_date, sex=sex, serial=rng.randint(1, 9999)
        )
        kpj = f"{rng.randint(1, 9)}{index:02d}{rng.randint(0, 10**8 - 1):08d}"
        start = date(rng.randint(2012, 2023), rng.randint(1, 12), 1)
        active = index % 5 != 4
        paid_until = last_month if active else add_months(last_month, -rng.randint(3, 18))
        monthly = _monthly_amounts(segment, rng)
        programs = [*monthly, Program.JKP] if segment is Segment.PU else list(monthly)
        participant = Participant(
            nik=nik,
            kpj=kpj,
            name=name,
            birth_date=birth_date,
            segment=segment,
            placement_country=country,
            membership_start=start,
            membership_status=MembershipStatus.ACTIVE if active else MembershipStatus.INACTIVE,
            programs=[ParticipantProgram(program=program) for program in programs],
        )
        contributions: list[Contribution] = []
        for back in range(MONTHS_OF_HISTORY):
            month = add_months(paid_until, -back)
            if month < start:
                break
            paid_at = datetime.combine(month.replace(day=10), time(3, 0), tzinfo=UTC)
            contributions.extend(
                Contribution(month=month, program=program, amount=amount, paid_at=paid_at)
                for program, amount in monthly.items()
            )
        balance = None
        if Program.JHT in monthly:
            months_paid = (paid_until.year - start.year) * 12 + paid_until.month - start.month + 1
            growth = 1 + 0.06 * months_paid / 24  # returns, roughly, on the average balance
            amount = round(monthly[Program.JHT] * months_paid * growth, -3)
            balance = JhtBalance(balance=int(amount), as_of=last_month)
        plans.append(_Plan(participant, contributions, balance))
    return plans


def _monthly_amounts(segment: Segment, rng: random.Random) -> dict[Program, int]:
    # Rough figures of facts.md §1-2: enough for a believable demo, not for advice. JKP has
    # no contribution of its own (it is funded from JKK/JKM and the government).
    if segment is Segment.PMI:
        amounts = {Program.JKK: _PMI_JKK_JKM_MONTHLY // 2, Program.JKM: _PMI_JKK_JKM_MONTHLY // 2}
        if rng.random() < 0.7:
            amounts[Program.JHT] = rng.choice(_PMI_JHT_CHOICES)
        return amounts
    if segment is Segment.BPU:
        return {Program.JKK: 10_000, Program.JKM: 6_800, Program.JHT: 20_000}
    wage = rng.randrange(4_900_000, 9_000_000, 50_000)
    return {
        Program.JKK: round(wage * 0.0024),
        Program.JKM: round(wage * 0.003),
        Program.JHT: round(wage * 0.057),
        Program.JP: round(wage * 0.03),
    }
