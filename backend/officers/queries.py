"""What officers read: the claims queue with its filters, a claim's detail, its documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.claims.states import ClaimState
from backend.db.claims import Claim, ClaimDocument
from backend.db.participants import Participant
from backend.errors import InvalidInput, NotFound
from backend.references import normalize_reference
from nlu import Program

PER_PAGE_MAX = 100
_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """Which claims the queue shows; every filter is optional and they all apply together.

    Age is counted from filing: `min_age_days=3` shows claims filed 3 or more days ago,
    `max_age_days=1` those filed within the last day.
    """

    states: tuple[ClaimState, ...] = ()
    program: Program | None = None
    channel: str | None = None
    min_age_days: int | None = None
    max_age_days: int | None = None
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One line of the queue."""

    reference: str
    program: Program
    state: ClaimState
    channel: str
    participant_name: str
    created_at: datetime
    updated_at: datetime
    interview_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A page of the queue, oldest claims first, and how many match in all."""

    items: tuple[QueueItem, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the matching claims fill (at least 1)."""
        return max(1, -(-self.total // self.per_page))


async def claims_queue(*, session: AsyncSession, filters: QueueFilters, now: datetime) -> QueuePage:
    """Return one page of the claims matching `filters`, oldest filed first.

    Raises:
        InvalidInput: a page below 1, a page size outside 1..100, or a negative age.
    """
    if filters.page < 1:
        raise InvalidInput("page", "must be 1 or more")
    if not 0 < filters.per_page <= PER_PAGE_MAX:
        raise InvalidInput("per_page", f"must be 1 to {PER_PAGE_MAX}")
    for name in ("min_age_days", "max_age_days"):
        value = getattr(filters, name)
        if value is not None and value < 0:
            raise InvalidInput(name, "can't be negative")
    matching = _filtered(select(Claim.id), filters, now)
    total = await session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    rows = await session.execute(
        _filtered(
            select(Claim, Participant.name).join(
                Participant, Participant.id == Claim.participant_id
            ),
            filters,
            now,
        )
        .order_by(Claim.created_at, Claim.id)
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    )
    items = tuple(
        QueueItem(
            reference=claim.reference,
            program=claim.program,
            state=claim.state,
            channel=claim.channel,
            participant_name=name,
            created_at=claim.created_at,
            updated_at=claim.updated_at,
            interview_at=claim.interview_at,
            version=claim.version,
        )
        for claim, name in rows
    )
    return QueuePage(items=items, total=total, page=filters.page, per_page=filters.per_page)


def _filtered(query: _S, filters: QueueFilters, now: datetime) -> _S:
    if filters.states:
        query = query.where(Claim.state.in_(filters.states))
    if filters.program is not None:
        query = query.where(Claim.program == filters.program)
    if filters.channel:
        query = query.where(Claim.channel == filters.channel)
    if filters.min_age_days is not None:
        query = query.where(Claim.created_at <= now - timedelta(days=filters.min_age_days))
    if filters.max_age_days is not None:
        query = query.where(Claim.created_at >= now - timedelta(days=filters.max_age_days))
    return query


async def claim_detail(*, session: AsyncSession, reference: str) -> Claim:
    """Return the claim with its participant, documents and audit trail loaded.

    `reference` may be typed loosely (`clm 7k3m-9qxa`).

    Raises:
        NotFound: no such claim.
    """
    normalized = normalize_reference(reference) or reference
    claim: Claim | None = await session.scalar(
        select(Claim)
        .where(Claim.reference == normalized)
        .options(
            selectinload(Claim.participant),
            selectinload(Claim.documents),
            selectinload(Claim.transitions),
        )
        .execution_options(populate_existing=True)
    )
    if claim is None:
        raise NotFound(f"no claim {reference}")
    return claim


async def claim_document(
    *, session: AsyncSession, reference: str, document_id: int
) -> ClaimDocument:
    """Return one document of a claim.

    Raises:
        NotFound: no such claim, or no such document of it.
    """
    document: ClaimDocument | None = await session.scalar(
        select(ClaimDocument)
        .join(Claim, Claim.id == ClaimDocument.claim_id)
        .where(Claim.reference == reference, ClaimDocument.id == document_id)
    )
    if document is None:
        raise NotFound(f"no document {document_id} of {reference}")
    return document


def stored_file(document: ClaimDocument, *, root: Path | None = None) -> Path:
    """Return the file a document is stored in, checking it is there (and under `root`).

    Raises:
        NotFound: the file is gone, or lies outside `root` (a path that should never be
            stored: refused rather than served).
    """
    path = Path(document.stored_path).resolve()
    if root is not None and not path.is_relative_to(root.resolve()):
        raise NotFound(f"document {document.id} is stored outside the uploads folder")
    if not path.is_file():
        raise NotFound(f"the file of document {document.id} is missing")
    return path
