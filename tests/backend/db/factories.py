"""Rows for the database tests: random participants, links and claims that never collide."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.filing import BankAccount, create_claim
from backend.claims.states import Actor
from backend.db.claims import Claim
from backend.db.links import ChannelLink
from backend.db.participants import MembershipStatus, Participant, ParticipantProgram
from dialogues.rules.facts import JhtFacts, JhtReason, Segment
from dialogues.rules.identity import Sex, make_nik
from nlu import Language, Program

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
BIRTH_DATE = date(1965, 1, 1)
ACCOUNT = BankAccount(bank_name="BRI", number="0123456789012345", holder="Siti Rahayu")


def random_kpj() -> str:
    """An 11-digit KPJ starting with 0 (the demo seed never does)."""
    return "0" + "".join(secrets.choice("0123456789") for _ in range(10))


def random_nik(birth_date: date = BIRTH_DATE, sex: Sex = Sex.MALE) -> str:
    """A well-formed NIK of this birth date in a random region."""
    region = f"{secrets.randbelow(89) + 11:02d}{secrets.randbelow(99) + 1:02d}"
    region += f"{secrets.randbelow(99) + 1:02d}"
    return make_nik(
        region=region, birth_date=birth_date, sex=sex, serial=secrets.randbelow(9999) + 1
    )


def new_user() -> str:
    """A channel user id never seen before."""
    return "user-" + secrets.token_hex(6)


async def add_participant(
    session: AsyncSession,
    *,
    birth_date: date = BIRTH_DATE,
    segment: Segment = Segment.PMI,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> Participant:
    """Add a participant enrolled in JKK, JKM and JHT; flush it."""
    participant = Participant(
        nik=random_nik(birth_date),
        kpj=random_kpj(),
        name="Test Participant",
        birth_date=birth_date,
        segment=segment,
        placement_country="HK" if segment is Segment.PMI else None,
        membership_start=date(2015, 3, 1),
        membership_status=status,
        programs=[ParticipantProgram(program=p) for p in (Program.JKK, Program.JKM, Program.JHT)],
    )
    session.add(participant)
    await session.flush()
    return participant


async def add_link(session: AsyncSession, participant: Participant, channel: str = "rest") -> Actor:
    """Link a new chat user to `participant`; return that worker as an actor."""
    actor = Actor.worker(channel, new_user())
    session.add(
        ChannelLink(
            channel=channel,
            channel_user_id=actor.id,
            participant_id=participant.id,
            linked_at=NOW,
        )
    )
    await session.flush()
    return actor


def eligible_facts() -> JhtFacts:
    """JHT at age 56: claimable at once."""
    return JhtFacts(as_of=NOW.date(), reason=JhtReason.AGE_56, birth_date=BIRTH_DATE)


async def file_claim(
    session: AsyncSession, *, submission_key: str | None = None
) -> tuple[Claim, Actor]:
    """Add a participant, link a worker to them and file an eligible JHT claim."""
    participant = await add_participant(session)
    worker = await add_link(session, participant)
    assert worker.channel is not None
    claim = await create_claim(
        session=session,
        participant_id=participant.id,
        facts=eligible_facts(),
        bank_account=ACCOUNT,
        channel=worker.channel,
        channel_user_id=worker.id,
        language=Language.ID,
        now=NOW,
        submission_key=submission_key,
    )
    return claim, worker
