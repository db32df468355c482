"""Filing a claim: the decision re-checked, the claim, its documents and first audit row at once."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.states import INITIAL_STATE, Actor, ActorKind
from backend.db.claims import Claim, ClaimDocument, ClaimTransition
from backend.db.participants import Participant
from backend.db.types import json_ready
from backend.errors import InvalidInput, NotClaimable, NotFound, ReferenceExhausted
from backend.references import new_reference
from dialogues.rules import Facts, decide
from nlu import Language

MAX_REFERENCE_DRAWS = 5
_ACCOUNT_NUMBER = re.compile(r"\d{6,20}")


@dataclass(frozen=True, slots=True)
class BankAccount:
    """Where the benefit is paid. The number is kept whole but never shown in a repr."""

    bank_name: str
    number: str
    holder: str

    def __repr__(self) -> str:
        return f"BankAccount(bank_name={self.bank_name!r}, number='****{self.number[-4:]}')"


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A file already checked and stored by the upload step, to attach to a claim."""

    kind: str
    file_id: str
    content_type: str
    size: int
    sha256: str
    stored_path: str


async def create_claim(
    *,
    session: AsyncSession,
    participant_id: int,
    facts: Facts,
    bank_account: BankAccount,
    channel: str,
    channel_user_id: str,
    language: Language,
    now: datetime,
    submission_key: str | None = None,
    documents: Sequence[NewDocument] = (),
    draw_reference: Callable[[], str] = new_reference,
) -> Claim:
    """File a claim in state submitted, in the session's transaction; return it.

    The eligibility decision is made again from `facts` (`dialogues.rules.decide`) and stored
    with them; a claim that is not claimable raises `NotClaimable`, with nothing stored. A
    `submission_key` already used returns the claim it filed: a repeated message or a double
    tap files one claim. The reference is drawn again when taken (`draw_reference` is for
    tests).

    Raises:
        NotClaimable: the decision says no, or not yet.
        InvalidInput: the bank account can't be used.
        NotFound: no participant `participant_id`.
        dialogues.errors.FactError: a fact the decision needs is missing or impossible.
    """
    if submission_key is not None:
        existing = await _by_submission_key(session, submission_key)
        if existing is not None:
            return existing
    decision = decide(facts)
    if not decision.eligible:
        raise NotClaimable(decision)
    _check_bank_account(bank_account)
    if await session.get(Participant, participant_id) is None:
        raise NotFound(f"no participant {participant_id}")
    actor = Actor.worker(channel, channel_user_id)
    for _ in range(MAX_REFERENCE_DRAWS):
        reference = draw_reference()
        claim = Claim(
            reference=reference,
            participant_id=participant_id,
            program=decision.program,
            reason=_reason(facts),
            facts=json_ready(dataclasses.asdict(facts)),
            decision=decision.to_dict(),
            bank_name=bank_account.bank_name.strip(),
            bank_account_number=bank_account.number,
            bank_account_holder=bank_account.holder.strip(),
            channel=channel,
            channel_user_id=channel_user_id,
            language=language,
            state=INITIAL_STATE,
            submission_key=submission_key,
            created_at=now,
            updated_at=now,
            documents=[
                ClaimDocument(**dataclasses.asdict(document), uploaded_at=now)
                for document in documents
            ],
            transitions=[
                ClaimTransition(
                    actor_kind=ActorKind.WORKER,
                    actor_id=actor.label,
                    from_state=None,
                    to_state=INITIAL_STATE,
                    note=None,
                    at=now,
                )
            ],
        )
        try:
            async with session.begin_nested():
                session.add(claim)
        except IntegrityError:
            if submission_key is not None:
                existing = await _by_submission_key(session, submission_key)
                if existing is not None:
                    return existing
            if await session.scalar(select(Claim.id).where(Claim.reference == reference)):
                continue
            raise
        return claim
    raise ReferenceExhausted(f"{MAX_REFERENCE_DRAWS} references drawn, all taken")


def _check_bank_account(account: BankAccount) -> None:
    if not _ACCOUNT_NUMBER.fullmatch(account.number):
        raise InvalidInput("bank_account_number", "must be 6 to 20 digits")
    if not 0 < len(account.bank_name.strip()) <= 100:
        raise InvalidInput("bank_name", "must be 1 to 100 characters")
    if not 0 < len(account.holder.strip()) <= 200:
        raise InvalidInput("bank_account_holder", "must be 1 to 200 characters")


def _reason(facts: Facts) -> str | None:
    # Why the claim is made, whatever the program calls it.
    for name in ("reason", "termination_type", "death_cause", "accident_context"):
        value = getattr(facts, name, None)
        if value is not None:
            return str(value)
    return None


async def _by_submission_key(session: AsyncSession, key: str) -> Claim | None:
    claim: Claim | None = await session.scalar(select(Claim).where(Claim.submission_key == key))
    return claim
