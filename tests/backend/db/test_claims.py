"""Filing claims: references, idempotency, refusals, and the first audit row."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from backend.claims.filing import BankAccount, NewDocument, create_claim
from backend.claims.states import ActorKind, ClaimState
from backend.db.claims import Claim
from backend.errors import InvalidInput, NotClaimable, NotFound, ReferenceExhausted
from backend.references import CROCKFORD, new_reference, normalize_reference
from dialogues.errors import MissingFact
from dialogues.rules.facts import JhtFacts, JhtReason
from nlu import Language, Program
from tests.backend.db.factories import (
    ACCOUNT,
    NOW,
    add_link,
    add_participant,
    eligible_facts,
    file_claim,
)

REFERENCE = re.compile(rf"CLM-[{CROCKFORD}]{{8}}")


def test_references_use_crockford_base32() -> None:
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(REFERENCE.fullmatch(r) for r in references)
    assert normalize_reference("clm 7k3m-9qxa") == "CLM-7K3M9QXA"
    assert normalize_reference("CLM-ILO00000") == "CLM-11000000"
    assert normalize_reference("CLM-7K3M9QX") is None
    assert normalize_reference("CLM-7K3M9QXU") is None
    assert normalize_reference("TKT-7K3M9QXA") is None


async def test_filing_stores_the_claim_the_decision_and_the_first_audit_row(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    document = NewDocument(
        kind="ktp",
        file_id="f-" + new_reference(),
        content_type="image/jpeg",
        size=1234,
        sha256="ab" * 32,
        stored_path="/var/lib/jamsos/uploads/x",
    )
    async with sessions.begin() as session:
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
            language=Language.EN,
            now=NOW,
            documents=[document],
        )
    async with sessions() as session:
        stored = await session.scalar(
            select(Claim)
            .where(Claim.reference == claim.reference)
            .options(selectinload(Claim.documents), selectinload(Claim.transitions))
        )
    assert stored is not None
    assert REFERENCE.fullmatch(stored.reference)
    assert stored.state is ClaimState.SUBMITTED and stored.version == 1
    assert stored.program is Program.JHT and stored.reason == "age_56"
    assert stored.facts["birth_date"] == "1965-01-01"
    assert stored.decision["eligible"] is True and stored.decision["max_percent"] == 100
    assert stored.bank_account_number == ACCOUNT.number
    assert stored.masked_bank_account == "************2345"
    assert ACCOUNT.number not in repr(stored) and ACCOUNT.number not in repr(ACCOUNT)
    assert stored.language is Language.EN and stored.created_at == NOW
    assert [d.file_id for d in stored.documents] == [document.file_id]
    [audit] = stored.transitions
    assert (audit.from_state, audit.to_state) == (None, ClaimState.SUBMITTED)
    assert audit.actor_kind is ActorKind.WORKER and audit.actor_id == worker.label


async def test_a_taken_reference_is_drawn_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        first, _ = await file_claim(session)
    fresh = new_reference()
    draws: Iterator[str] = iter([first.reference, first.reference, fresh])
    async with sessions.begin() as session:
        participant = await add_participant(session)
        second = await create_claim(
            session=session,
            participant_id=participant.id,
            facts=eligible_facts(),
            bank_account=ACCOUNT,
            channel="rest",
            channel_user_id="someone",
            language=Language.ID,
            now=NOW,
            draw_reference=lambda: next(draws),
        )
    assert second.reference == fresh


async def test_references_running_out_is_reported(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        first, _ = await file_claim(session)
    async with sessions() as session:
        participant = await add_participant(session)
        with pytest.raises(ReferenceExhausted):
            await create_claim(
                session=session,
                participant_id=participant.id,
                facts=eligible_facts(),
                bank_account=ACCOUNT,
                channel="rest",
                channel_user_id="someone",
                language=Language.ID,
                now=NOW,
                draw_reference=lambda: first.reference,
            )


async def test_a_repeated_submission_files_one_claim(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    key = "rest:double-tap:" + new_reference()
    async with sessions.begin() as session:
        first, _ = await file_claim(session, submission_key=key)
    async with sessions.begin() as session:
        again = await create_claim(
            session=session,
            participant_id=first.participant_id,
            facts=eligible_facts(),
            bank_account=ACCOUNT,
            channel=first.channel,
            channel_user_id=first.channel_user_id,
            language=Language.ID,
            now=NOW,
            submission_key=key,
        )
    assert again.reference == first.reference
    async with sessions() as session:
        count = await session.scalar(select(func.count()).where(Claim.submission_key == key))
    assert count == 1


async def _claims_of(session: AsyncSession, participant_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Claim).where(Claim.participant_id == participant_id)
    )
    return count or 0


async def test_a_claim_not_claimable_yet_is_refused_with_nothing_stored(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    waiting = JhtFacts(
        as_of=NOW.date(),
        reason=JhtReason.RESIGNED,
        employment_end_date=NOW.date().replace(day=1),
    )
    async with sessions.begin() as session:
        participant = await add_participant(session)
    async with sessions() as session:
        with pytest.raises(NotClaimable) as refused:
            await create_claim(
                session=session,
                participant_id=participant.id,
                facts=waiting,
                bank_account=ACCOUNT,
                channel="rest",
                channel_user_id="someone",
                language=Language.ID,
                now=NOW,
            )
        assert refused.value.decision.earliest_date is not None
        assert await _claims_of(session, participant.id) == 0


@pytest.mark.parametrize(
    ("account", "field"),
    [
        (BankAccount("BRI", "12345", "Siti"), "bank_account_number"),
        (BankAccount("BRI", "1234567890123456789012", "Siti"), "bank_account_number"),
        (BankAccount("BRI", "12345678'; DROP TABLE claim;--", "Siti"), "bank_account_number"),
        (BankAccount(" ", "1234567890", "Siti"), "bank_name"),
        (BankAccount("BRI", "1234567890", ""), "bank_account_holder"),
    ],
)
async def test_a_bad_bank_account_is_refused(
    sessions: async_sessionmaker[AsyncSession], account: BankAccount, field: str
) -> None:
    async with sessions() as session:
        participant = await add_participant(session)
        with pytest.raises(InvalidInput) as refused:
            await create_claim(
                session=session,
                participant_id=participant.id,
                facts=eligible_facts(),
                bank_account=account,
                channel="rest",
                channel_user_id="someone",
                language=Language.ID,
                now=NOW,
            )
        assert refused.value.field == field
        assert await _claims_of(session, participant.id) == 0


async def test_missing_facts_and_unknown_participants_are_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        with pytest.raises(MissingFact):
            await create_claim(
                session=session,
                participant_id=1,
                facts=JhtFacts(as_of=NOW.date(), reason=JhtReason.AGE_56),
                bank_account=ACCOUNT,
                channel="rest",
                channel_user_id="someone",
                language=Language.ID,
                now=NOW,
            )
        with pytest.raises(NotFound):
            await create_claim(
                session=session,
                participant_id=10**12,
                facts=eligible_facts(),
                bank_account=ACCOUNT,
                channel="rest",
                channel_user_id="someone",
                language=Language.ID,
                now=NOW,
            )
