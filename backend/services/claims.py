"""`ClaimsService` over the database: filing (`claims.filing`), reading, cancelling.

A chat user sees only the claims of the participant their chat is linked to; a reference of
anyone else's claim is answered as if it did not exist (None).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from backend import links
from backend.claims.filing import BankAccount, NewDocument, create_claim
from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.db.claims import Claim
from backend.errors import IllegalTransition, NotClaimable, NotFound
from backend.services.base import Sessions, unit_of_work
from backend.services.uploads import FileUploadStore
from dialogues.errors import NotCancellable, NotLinked, ServiceError
from dialogues.services_cases import (
    ClaimRequest,
    ClaimStage,
    ClaimSummary,
    Filed,
    FileResult,
    NotClaimableYet,
)


def summary(claim: Claim) -> ClaimSummary:
    """Return a claim row as the flows see it."""
    return ClaimSummary(
        reference=claim.reference,
        program=claim.program,
        stage=ClaimStage(claim.state.value),
        filed_at=claim.created_at,
        updated_at=claim.updated_at,
        interview_at=claim.interview_at,
    )


class SqlClaims:
    """Claims in the `claim` tables, their files kept by the upload store."""

    def __init__(self, sessions: Sessions, uploads: FileUploadStore) -> None:
        self._sessions = sessions
        self._uploads = uploads

    async def _documents(
        self, channel: str, user_id: str, request: ClaimRequest
    ) -> list[NewDocument]:
        documents = []
        for file in request.files:
            stored = await self._uploads.stored(channel, user_id, file.file_id)
            if stored is None:
                raise ServiceError("a file of the claim is not this user's")
            documents.append(
                NewDocument(
                    kind=file.kind,
                    file_id=stored.file_id,
                    content_type=stored.content_type,
                    size=stored.size,
                    sha256=stored.sha256,
                    stored_path=str(stored.path),
                )
            )
        return documents

    async def file(
        self, channel: str, user_id: str, request: ClaimRequest, *, now: datetime
    ) -> FileResult:
        """File the claim once per submission key, the decision made again."""
        documents = await self._documents(channel, user_id, request)
        async with unit_of_work(self._sessions) as session:
            participant_id = await links.linked_participant_id(
                session=session, channel=channel, channel_user_id=user_id
            )
            if participant_id is None:
                raise NotLinked(f"{channel} user is not linked")
            earlier = await session.scalar(
                select(Claim.reference).where(Claim.submission_key == request.submission_key)
            )
            if earlier is not None:
                return Filed(earlier, created=False)
            try:
                claim = await create_claim(
                    session=session,
                    participant_id=participant_id,
                    facts=request.facts,
                    bank_account=BankAccount(
                        request.bank.bank_name, request.bank.number, request.bank.holder
                    ),
                    channel=channel,
                    channel_user_id=user_id,
                    language=request.language,
                    now=now,
                    submission_key=request.submission_key,
                    documents=documents,
                )
            except NotClaimable as refused:
                return NotClaimableYet(refused.decision)
            return Filed(claim.reference, created=True)

    async def claims_of(self, channel: str, user_id: str) -> tuple[ClaimSummary, ...]:
        """Return the linked participant's claims, newest first."""
        async with unit_of_work(self._sessions) as session:
            participant_id = await links.linked_participant_id(
                session=session, channel=channel, channel_user_id=user_id
            )
            if participant_id is None:
                return ()
            rows = await session.scalars(
                select(Claim)
                .where(Claim.participant_id == participant_id)
                .order_by(Claim.created_at.desc(), Claim.id.desc())
            )
            return tuple(summary(claim) for claim in rows)

    async def claim(self, channel: str, user_id: str, reference: str) -> ClaimSummary | None:
        """Return the claim only if it is the linked participant's."""
        async with unit_of_work(self._sessions) as session:
            participant_id = await links.linked_participant_id(
                session=session, channel=channel, channel_user_id=user_id
            )
            if participant_id is None:
                return None
            claim = await session.scalar(
                select(Claim).where(
                    Claim.reference == reference, Claim.participant_id == participant_id
                )
            )
            return summary(claim) if claim is not None else None

    async def cancel(
        self, channel: str, user_id: str, reference: str, *, now: datetime
    ) -> ClaimSummary | None:
        """Cancel the user's claim while it is submitted (audited like any transition)."""
        async with unit_of_work(self._sessions) as session:
            try:
                claim = await transition(
                    session=session,
                    claim_reference=reference,
                    to=ClaimState.CANCELLED,
                    actor=Actor.worker(channel, user_id),
                    now=now,
                    note="cancelled by the worker in the chat",
                )
            except NotFound:
                return None
            except IllegalTransition as refused:
                raise NotCancellable(reference) from refused
            return summary(claim)
