"""The claims side of the officer API: queue filters, detail, documents, moves, roles."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import ClaimState
from backend.db.claims import Claim, ClaimDocument
from backend.db.officers import OfficerRole
from backend.db.outbox import OutboxMessage
from backend.officers.roles import SUPERVISOR_ONLY
from nlu import Language, Program
from tests.backend.db.factories import NOW, add_link, add_participant
from tests.backend.officers.conftest import officer_app
from tests.backend.officers.factories import add_officer, bearer, claim_on, new_channel

CLAIMS = "/api/v1/officer/claims"
SOON = NOW + timedelta(days=2)


async def move(
    api: httpx.AsyncClient,
    headers: dict[str, str],
    reference: str,
    to: str,
    version: int,
    **more: object,
) -> httpx.Response:
    body = {"to": to, "expected_version": version, **more}
    return await api.post(f"{CLAIMS}/{reference}/transitions", json=body, headers=headers)


async def test_the_queue_filters_by_state_program_channel_and_age(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        old = await claim_on(session, channel, now=NOW - timedelta(days=10))
        middle = await claim_on(session, channel, now=NOW - timedelta(days=3))
        new = await claim_on(session, channel)
        await session.execute(
            update(Claim)
            .where(Claim.id == middle.id)
            .values(state=ClaimState.VERIFYING, program=Program.JKM)
            .execution_options(synchronize_session=False)
        )
    headers = await bearer(api, await add_officer(sessions))

    async def references(**params: object) -> list[str]:
        answer = await api.get(CLAIMS, params={"channel": channel, **params}, headers=headers)
        assert answer.status_code == 200, answer.text
        return [item["reference"] for item in answer.json()["items"]]

    assert await references() == [old.reference, middle.reference, new.reference]
    assert await references(state="submitted") == [old.reference, new.reference]
    assert await references(state=["submitted", "verifying"]) == await references()
    assert await references(program="JKM") == [middle.reference]
    assert await references(min_age_days=3) == [old.reference, middle.reference]
    assert await references(max_age_days=5) == [middle.reference, new.reference]
    assert await references(min_age_days=1, max_age_days=5) == [middle.reference]
    assert await references(per_page=2) == [old.reference, middle.reference]
    assert await references(per_page=2, page=2) == [new.reference]
    page = (
        await api.get(CLAIMS, params={"channel": channel, "per_page": 2}, headers=headers)
    ).json()
    assert (page["total"], page["pages"]) == (3, 2)
    assert page["items"][0]["participant_name"] == "Test Participant"
    bad = await api.get(CLAIMS, params={"state": "lost", "per_page": 1000}, headers=headers)
    assert bad.status_code == 422


async def test_claim_detail_shows_documents_audit_and_decision_and_serves_files(
    api: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    uploads: Path,
    tmp_path: Path,
) -> None:
    content = b"%PDF-1.4 a tiny test file"
    stored = uploads / "f0e1d2c3b4a5.pdf"
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(content)
    stored.write_bytes(content)
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
        session.add(
            ClaimDocument(
                claim_id=claim.id,
                kind="ktp",
                file_id="file-" + stored.name + claim.reference,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                stored_path=str(stored),
                uploaded_at=NOW,
            )
        )
    headers = await bearer(api, await add_officer(sessions))
    detail = (await api.get(f"{CLAIMS}/{claim.reference.lower()}", headers=headers)).json()
    assert detail["reference"] == claim.reference and detail["state"] == "submitted"
    assert detail["participant"]["kpj_masked"].startswith("*******")
    assert detail["bank"]["account_masked"] == "************2345"
    assert detail["bank"]["account_number"] is None
    assert detail["decision"]["eligible"] is True and detail["facts"]["reason"] == "age_56"
    assert [(a["from_state"], a["to_state"]) for a in detail["audit"]] == [(None, "submitted")]
    assert detail["allowed_moves"] == ["verifying"]
    [document] = detail["documents"]
    file = await api.get(document["download_url"], headers=headers)
    assert file.status_code == 200 and file.content == content
    assert file.headers["content-type"] == "application/pdf"
    assert file.headers["content-disposition"].startswith("attachment;")
    assert file.headers["x-content-type-options"] == "nosniff"
    assert (await api.get(document["download_url"])).status_code == 401
    missing = f"{CLAIMS}/{claim.reference}/documents/{document['id'] + 1000}"
    assert (await api.get(missing, headers=headers)).status_code == 404
    stored.unlink()
    assert (await api.get(document["download_url"], headers=headers)).status_code == 404
    async with sessions.begin() as session:
        await session.execute(
            update(ClaimDocument)
            .where(ClaimDocument.id == document["id"])
            .values(stored_path=str(uploads / ".." / outside.name))
        )
    assert (await api.get(document["download_url"], headers=headers)).status_code == 404
    assert (await api.get(f"{CLAIMS}/CLM-00000000", headers=headers)).status_code == 404


async def test_a_move_writes_the_audit_row_and_the_workers_message(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel(), language=Language.EN)
    account = await add_officer(sessions)
    headers = await bearer(api, account)
    moved = await move(api, headers, claim.reference, "verifying", 1, note="taking it")
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["state"], body["version"]) == ("verifying", 2)
    assert body["audit"][-1] == {
        "actor_kind": "officer",
        "actor_id": account.username,
        "from_state": "submitted",
        "to_state": "verifying",
        "note": "taking it",
        "at": NOW.isoformat().replace("+00:00", "Z"),
    }
    async with sessions() as session:
        message = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == f"claim:{claim.reference}:v2")
        )
    assert message is not None
    assert (message.kind, message.language, message.channel) == (
        "claim.verifying",
        Language.EN,
        claim.channel,
    )


async def test_stale_and_illegal_moves_are_refused(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    headers = await bearer(api, await add_officer(sessions, OfficerRole.SUPERVISOR))
    illegal = await move(api, headers, claim.reference, "needs_documents", 1)
    assert illegal.status_code == 422
    assert illegal.json()["detail"]["allowed"] == ["verifying"]
    assert (await move(api, headers, claim.reference, "verifying", 1)).status_code == 200
    stale = await move(api, headers, claim.reference, "needs_documents", 1)
    assert stale.status_code == 409
    unknown = await move(api, headers, "CLM-00000000", "verifying", 1)
    assert unknown.status_code == 404
    too_long = await move(api, headers, claim.reference, "needs_documents", 2, note="x" * 2001)
    assert too_long.status_code == 422


@pytest.mark.parametrize("target", sorted(SUPERVISOR_ONLY))
async def test_only_a_supervisor_approves_rejects_and_pays(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], target: ClaimState
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    officer = await bearer(api, await add_officer(sessions))
    supervisor = await bearer(api, await add_officer(sessions, OfficerRole.SUPERVISOR))
    assert (await move(api, officer, claim.reference, "verifying", 1)).status_code == 200
    interview = await api.post(
        f"{CLAIMS}/{claim.reference}/interview",
        json={"at": SOON.isoformat(), "expected_version": 2},
        headers=officer,
    )
    assert interview.status_code == 200, interview.text
    detail = (await api.get(f"{CLAIMS}/{claim.reference}", headers=officer)).json()
    assert "approved" not in detail["allowed_moves"] and "rejected" not in detail["allowed_moves"]
    version = 3
    if target is ClaimState.PAID:
        assert (await move(api, supervisor, claim.reference, "approved", 3)).status_code == 200
        version = 4
        approved = (await api.get(f"{CLAIMS}/{claim.reference}", headers=supervisor)).json()
        assert approved["bank"]["account_number"] == "0123456789012345"
        as_officer = (await api.get(f"{CLAIMS}/{claim.reference}", headers=officer)).json()
        assert as_officer["bank"]["account_number"] is None
    refused = await move(api, officer, claim.reference, target.value, version)
    assert refused.status_code == 403
    assert refused.json()["detail"]["needed_role"] == "supervisor"
    allowed = await move(api, supervisor, claim.reference, target.value, version, note="ok")
    assert allowed.status_code == 200 and allowed.json()["state"] == target.value


async def test_scheduling_the_interview_needs_an_aware_future_moment(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    headers = await bearer(api, await add_officer(sessions))
    await move(api, headers, claim.reference, "verifying", 1)
    url = f"{CLAIMS}/{claim.reference}/interview"
    naive = SOON.replace(tzinfo=None).isoformat()
    for at in (naive, (NOW - timedelta(hours=1)).isoformat(), NOW.isoformat(), "next week"):
        answer = await api.post(url, json={"at": at, "expected_version": 2}, headers=headers)
        assert answer.status_code == 422, at
    jakarta = "2026-11-24T10:00:00+07:00"
    answer = await api.post(
        url, json={"at": jakarta, "expected_version": 2, "note": "video call"}, headers=headers
    )
    assert answer.status_code == 200
    assert answer.json()["interview_at"] == "2026-11-24T03:00:00Z"
    moved = await api.post(
        url, json={"at": "2026-11-25T10:00:00+07:00", "expected_version": 3}, headers=headers
    )
    assert moved.status_code == 200 and moved.json()["version"] == 4


async def test_marking_paid(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
    headers = await bearer(api, await add_officer(sessions, OfficerRole.SUPERVISOR))
    paid_url = f"{CLAIMS}/{claim.reference}/paid"
    early = await api.post(paid_url, json={"expected_version": 1}, headers=headers)
    assert early.status_code == 422 and early.json()["detail"]["allowed"] == ["verifying"]
    await move(api, headers, claim.reference, "verifying", 1)
    await move(
        api, headers, claim.reference, "interview_scheduled", 2, interview_at=SOON.isoformat()
    )
    await move(api, headers, claim.reference, "approved", 3)
    paid = await api.post(
        paid_url, json={"expected_version": 4, "note": "transfer BRI 998877"}, headers=headers
    )
    assert paid.status_code == 200
    body = paid.json()
    assert body["state"] == "paid" and body["allowed_moves"] == []
    assert body["audit"][-1]["note"] == "transfer BRI 998877"
    assert body["bank"]["account_number"] is None  # paid: nobody needs the whole number now


@pytest.mark.postgres
async def test_two_officers_moving_one_claim_one_wins_the_other_gets_409(
    runtime: object,
    postgres_sessions: async_sessionmaker[AsyncSession],
    clock: object,
    settings: object,
) -> None:
    app = officer_app(runtime, postgres_sessions, clock, settings)  # type: ignore[arg-type]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://jamsos.test"
    ) as api:
        for round_ in range(3):
            async with postgres_sessions.begin() as session:
                claim = await claim_on(session, new_channel())
            a = await bearer(api, await add_officer(postgres_sessions))
            b = await bearer(api, await add_officer(postgres_sessions, OfficerRole.SUPERVISOR))
            await move(api, a, claim.reference, "verifying", 1)
            answers = await asyncio.gather(
                move(api, a, claim.reference, "needs_documents", 2, note=f"a{round_}"),
                move(api, b, claim.reference, "rejected", 2, note=f"b{round_}"),
            )
            statuses = sorted(answer.status_code for answer in answers)
            assert statuses == [200, 409], [a.text for a in answers]
            async with postgres_sessions() as session:
                stored = await session.scalar(select(Claim).where(Claim.id == claim.id))
                messages = (
                    await session.scalars(
                        select(OutboxMessage.kind).where(
                            OutboxMessage.dedupe_key.like(f"claim:{claim.reference}:%")
                        )
                    )
                ).all()
            assert stored is not None and stored.version == 3
            winner = next(a for a in answers if a.status_code == 200).json()["state"]
            assert stored.state.value == winner
            assert sorted(messages) == sorted(["claim.verifying", f"claim.{winner}"])
    assert datetime.now(UTC) > NOW


async def test_filing_for_a_linked_worker(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = new_channel()
    async with sessions.begin() as session:
        participant = await add_participant(session)
        worker = await add_link(session, participant, channel)
    account = await add_officer(sessions)
    headers = await bearer(api, account)
    body = {
        "channel": channel,
        "channel_user_id": worker.id,
        "language": "en",
        "submission_key": f"bench-{worker.id}",
        "facts": {
            "reason": "age_56",
            "birth_date": "1965-01-01",
            "jht_opted_in": True,
            "segment": "PMI",
        },
        "bank_name": "BRI",
        "bank_account_number": "0123456789",
        "bank_account_holder": "Siti Rahayu",
    }
    filed = await api.post(CLAIMS, json=body, headers=headers)
    assert filed.status_code == 201, filed.text
    assert filed.headers["location"] == filed.json()["url"]
    claim = (await api.get(filed.json()["url"], headers=headers)).json()
    assert claim["state"] == "submitted" and claim["language"] == "en"
    assert claim["audit"][0]["note"] == f"filed by officer {account.username} for the worker"
    again = await api.post(CLAIMS, json=body, headers=headers)
    assert again.status_code == 201 and again.json()["reference"] == claim["reference"]

    young = {**body, "submission_key": None, "facts": {**body["facts"], "birth_date": "1990-01-01"}}
    refused = await api.post(CLAIMS, json=young, headers=headers)
    assert refused.status_code == 422 and refused.json()["detail"]["decision"]["eligible"] is False
    missing = {**body, "submission_key": None, "facts": {"reason": "age_56"}}
    answer = await api.post(CLAIMS, json=missing, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "facts", "birth_date"]
    stranger = {**body, "submission_key": None, "channel_user_id": "nobody"}
    assert (await api.post(CLAIMS, json=stranger, headers=headers)).status_code == 422
    bad_bank = {**body, "submission_key": None, "bank_account_number": "12-34"}
    assert (await api.post(CLAIMS, json=bad_bank, headers=headers)).status_code == 422
    assert (await api.post(CLAIMS, json=body)).status_code == 401
