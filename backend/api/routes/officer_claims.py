"""The officers' claims API: the queue, a claim's detail and documents, moving claims.

`POST` on the collection files a JHT claim for a linked worker on their behalf (the same
filing as the chat's; the benchmark of `make bench` files claims through it).

Roles (`backend.officers.roles`): approving, rejecting and marking paid are a supervisor's;
an officer asking gets 403. Moves name the version the officer saw: 409 when the claim
changed since (another officer was first), 422 with the allowed next states when the state
machine refuses the move.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import FileResponse

from backend.api.deps import ClockDep, SessionDep, SettingsDep
from backend.api.officer_deps import OfficerDep
from backend.api.officer_schemas import (
    ClaimOut,
    FileClaimRequest,
    FiledClaimOut,
    InterviewRequest,
    PaidRequest,
    QueueOut,
    TransitionRequest,
)
from backend.api.reminder_schemas import ReminderScheduleOut
from backend.claims.filing import BankAccount
from backend.claims.states import ClaimState
from backend.db.claims import Claim, ClaimDocument
from backend.officers import actions, queries
from backend.reminders.officers import schedules_of_claim
from dialogues.rules.common import today_in
from dialogues.rules.facts import JhtFacts
from nlu import Program

router = APIRouter(prefix="/api/v1/officer/claims", tags=["officer"])

MOVE_ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Not logged in, or the token expired"},
    403: {"description": "This move is a supervisor's"},
    404: {"description": "No such claim"},
    409: {"description": "The claim changed since `expected_version`: reload it"},
    422: {"description": "The state machine refuses the move (`allowed` lists what it allows)"},
}


async def claim_by_reference(reference: str, officer: OfficerDep, session: SessionDep) -> Claim:
    """The claim of the path, loaded with its documents and audit trail (404 if none)."""
    return await queries.claim_detail(session=session, reference=reference)


ClaimDep = Annotated[Claim, Depends(claim_by_reference)]


async def document_of_claim(
    reference: str, document_id: int, officer: OfficerDep, session: SessionDep
) -> ClaimDocument:
    """The document of the path (404 if the claim or the document is not there)."""
    return await queries.claim_document(
        session=session, reference=reference, document_id=document_id
    )


DocumentDep = Annotated[ClaimDocument, Depends(document_of_claim)]


def document_url(reference: str) -> str:
    """Where the API serves the documents of a claim (with `{id}` to fill)."""
    return f"/api/v1/officer/claims/{reference}/documents/{{id}}"


@router.get("", responses={401: MOVE_ERRORS[401]})
async def claims_queue(
    officer: OfficerDep,
    session: SessionDep,
    clock: ClockDep,
    state: Annotated[list[ClaimState], Query(description="Any of these states")] = [],  # noqa: B006
    program: Program | None = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    min_age_days: Annotated[
        int | None, Query(ge=0, le=36500, description="Filed at least this many days ago")
    ] = None,
    max_age_days: Annotated[
        int | None, Query(ge=0, le=36500, description="Filed at most this many days ago")
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=queries.PER_PAGE_MAX)] = 25,
) -> QueueOut:
    """The claims queue, oldest filed first, filtered by state, program, channel and age."""
    filters = queries.QueueFilters(
        states=tuple(state),
        program=program,
        channel=channel,
        min_age_days=min_age_days,
        max_age_days=max_age_days,
        page=page,
        per_page=per_page,
    )
    return QueueOut.of(await queries.claims_queue(session=session, filters=filters, now=clock()))


@router.post(
    "",
    status_code=201,
    responses={
        401: MOVE_ERRORS[401],
        422: {"description": "Facts missing or impossible, not claimable (yet), not linked"},
    },
)
async def file_claim(
    body: FileClaimRequest,
    officer: OfficerDep,
    session: SessionDep,
    clock: ClockDep,
    response: Response,
) -> FiledClaimOut:
    """File a JHT claim for a linked worker on their behalf (documents follow in the chat)."""
    now = clock()
    facts = body.facts
    claim = await actions.file_for_worker(
        session=session,
        officer=officer,
        channel=body.channel,
        channel_user_id=body.channel_user_id,
        facts=JhtFacts(
            as_of=facts.as_of or today_in(facts.timezone, now),
            reason=facts.reason,
            nationality=facts.nationality,
            segment=facts.segment,
            birth_date=facts.birth_date,
            membership_start=facts.membership_start,
            employment_end_date=facts.employment_end_date,
            previous_partial_claim=facts.previous_partial_claim,
            jht_opted_in=facts.jht_opted_in,
        ),
        bank_account=BankAccount(
            bank_name=body.bank_name,
            number=body.bank_account_number,
            holder=body.bank_account_holder,
        ),
        language=body.language,
        now=now,
        submission_key=body.submission_key,
    )
    await session.commit()
    url = f"/api/v1/officer/claims/{claim.reference}"
    response.headers["Location"] = url
    return FiledClaimOut(
        reference=claim.reference,
        program=claim.program,
        state=claim.state,
        version=claim.version,
        created_at=claim.created_at,
        url=url,
    )


@router.get("/{reference}", responses={401: MOVE_ERRORS[401], 404: MOVE_ERRORS[404]})
async def claim_detail(
    claim: ClaimDep, officer: OfficerDep, session: SessionDep, clock: ClockDep
) -> ClaimOut:
    """A claim: participant, bank account, facts and decision, documents, audit trail, and
    the worker's JKP reminders with their duty progress."""
    out = ClaimOut.of(claim, officer, document_url(claim.reference))
    schedules = await schedules_of_claim(session=session, claim=claim, now=clock())
    out.reminders = [ReminderScheduleOut.of(s) for s in schedules]
    return out


@router.get(
    "/{reference}/documents/{document_id}",
    response_class=FileResponse,
    responses={
        200: {"description": "The file (JPG, PNG or PDF), as an attachment"},
        401: MOVE_ERRORS[401],
        404: {"description": "No such claim or document, or the file is gone"},
    },
)
async def download_document(
    document: DocumentDep, reference: str, settings: SettingsDep
) -> FileResponse:
    """Download a document the worker sent (kept in UPLOADS_DIR, never a served folder)."""
    return document_response(document, reference, settings.uploads_dir)


def document_response(document: ClaimDocument, reference: str, root: Path) -> FileResponse:
    """The file of a document, as an attachment that browsers won't sniff or cache.

    Only files inside the uploads folder `root` are served, whatever path a row holds.
    """
    path = queries.stored_file(document, root=root)
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(
        document.content_type, "bin"
    )
    return FileResponse(
        path,
        media_type=document.content_type,
        filename=f"{reference}-{document.kind}-{document.id}.{extension}",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )


@router.post("/{reference}/transitions", responses=MOVE_ERRORS)
async def move_claim(
    reference: str,
    body: TransitionRequest,
    officer: OfficerDep,
    session: SessionDep,
    clock: ClockDep,
) -> ClaimOut:
    """Move a claim to another state, with a note for the audit trail and the worker."""
    await actions.move_claim(
        session=session,
        officer=officer,
        reference=reference,
        to=body.to,
        expected_version=body.expected_version,
        now=clock(),
        note=body.note,
        interview_at=body.interview_at,
    )
    return await _committed(session, reference, officer)


@router.post("/{reference}/interview", responses=MOVE_ERRORS)
async def schedule_interview(
    reference: str,
    body: InterviewRequest,
    officer: OfficerDep,
    session: SessionDep,
    clock: ClockDep,
) -> ClaimOut:
    """Schedule the video interview (or move it): `at` must be in the future, with its offset."""
    await actions.schedule_interview(
        session=session,
        officer=officer,
        reference=reference,
        at=body.at,
        expected_version=body.expected_version,
        now=clock(),
        note=body.note,
    )
    return await _committed(session, reference, officer)


@router.post("/{reference}/paid", responses=MOVE_ERRORS)
async def mark_paid(
    reference: str, body: PaidRequest, officer: OfficerDep, session: SessionDep, clock: ClockDep
) -> ClaimOut:
    """Mark an approved claim paid (supervisors only)."""
    await actions.mark_paid(
        session=session,
        officer=officer,
        reference=reference,
        expected_version=body.expected_version,
        now=clock(),
        note=body.note,
    )
    return await _committed(session, reference, officer)


async def _committed(session: SessionDep, reference: str, officer: OfficerDep) -> ClaimOut:
    await session.commit()
    claim = await queries.claim_detail(session=session, reference=reference)
    return ClaimOut.of(claim, officer, document_url(claim.reference))
