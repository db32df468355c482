"""The services the chat flows use, over the database (SQLite, then PostgreSQL)."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.db import make_engine, make_sessionmaker
from backend.db.claims import Claim, ClaimDocument, ClaimTransition
from backend.db.tickets import HumanHandoff, Ticket, TicketMessage
from backend.services import build_services
from backend.services.uploads import FileUploadStore
from dialogues.errors import NotCancellable, NotLinked, ServiceUnavailable
from dialogues.messages import Attachment
from dialogues.rules.uploads import UploadProblem
from dialogues.services import Services
from dialogues.services_cases import (
    BankDetails,
    ClaimFile,
    ClaimRequest,
    ClaimStage,
    Filed,
    NotClaimableYet,
    TicketKind,
)
from dialogues.services_identity import Linked, LinkLocked, WrongDetails
from nlu import Language
from tests.backend.db.factories import (
    BIRTH_DATE,
    NOW,
    add_participant,
    eligible_facts,
    new_user,
    random_nik,
)

DATA = Path(__file__).resolve().parent.parent.parent / "data"


@pytest.fixture
def services(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> Services:
    return build_services(sessions, uploads_dir=tmp_path / "uploads")


async def _linked_user(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> tuple[str, str]:
    async with sessions.begin() as session:
        participant = await add_participant(session)
        kpj, nik = participant.kpj, participant.nik
    user = new_user()
    outcome = await services.identity.link(
        "rest", user, kpj=kpj, nik=nik, birth_date=BIRTH_DATE, now=NOW
    )
    assert isinstance(outcome, Linked)
    return user, kpj


def _request(key: str, files: tuple[ClaimFile, ...] = ()) -> ClaimRequest:
    bank = BankDetails("BRI", "0123456789012", "Test Participant")
    return ClaimRequest(eligible_facts(), files, bank, Language.ID, key)


async def test_linking_counts_wrong_tries_and_locks(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    async with sessions.begin() as session:
        participant = await add_participant(session)
        kpj = participant.kpj
    user, wrong_nik = new_user(), random_nik()
    outcomes = [
        await services.identity.link(
            "rest",
            user,
            kpj=kpj,
            nik=wrong_nik,
            birth_date=BIRTH_DATE,
            now=NOW + timedelta(minutes=i),
        )
        for i in range(3)
    ]
    assert outcomes[:2] == [WrongDetails(2), WrongDetails(1)]
    assert outcomes[2] == LinkLocked(NOW + timedelta(minutes=17))
    assert await services.identity.locked_until("rest", user, NOW) is not None
    assert await services.identity.linked("rest", user) is None


async def test_linked_person_unlink_and_membership(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    user, kpj = await _linked_user(sessions, services)
    person = await services.identity.linked("rest", user)
    assert person is not None and person.masked_kpj == "*******" + kpj[-4:]
    membership = await services.membership.summary("rest", user)
    assert membership is not None and membership.active and membership.jht_balance is None
    assert await services.identity.unlink("rest", user)
    assert await services.membership.summary("rest", user) is None


async def test_filing_keeps_the_documents_and_files_once(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    user, _ = await _linked_user(sessions, services)
    stored = await services.uploads.store(
        "rest", user, (DATA / "tiny.jpg").read_bytes(), name="ktp.jpg", now=NOW
    )
    assert isinstance(stored, Attachment)
    request = _request(f"key-{user}", (ClaimFile("ktp", stored.file_id),))
    first = await services.claims.file("rest", user, request, now=NOW)
    again = await services.claims.file("rest", user, request, now=NOW)
    assert isinstance(first, Filed) and first.created
    assert again == Filed(first.reference, created=False)
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(Claim).where(Claim.channel_user_id == user)
        )
        document = await session.scalar(
            select(ClaimDocument).join(Claim).where(Claim.reference == first.reference)
        )
    assert count == 1
    assert document is not None and document.kind == "ktp" and len(document.sha256) == 64
    assert Path(document.stored_path).name == f"{stored.file_id}.jpg"


async def test_files_of_someone_else_or_unlinked_users_file_nothing(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    with pytest.raises(NotLinked):
        await services.claims.file("rest", new_user(), _request("nobody"), now=NOW)
    user, _ = await _linked_user(sessions, services)
    stranger = await services.uploads.store(
        "rest", new_user(), (DATA / "tiny.pdf").read_bytes(), name=None, now=NOW
    )
    assert isinstance(stranger, Attachment)
    with pytest.raises(Exception, match="not this user's"):
        await services.claims.file(
            "rest", user, _request(f"s-{user}", (ClaimFile("ktp", stranger.file_id),)), now=NOW
        )


async def test_not_claimable_files_nothing(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    user, _ = await _linked_user(sessions, services)
    young = eligible_facts().__class__(
        as_of=NOW.date(), reason=eligible_facts().reason, birth_date=BIRTH_DATE.replace(year=1990)
    )
    request = ClaimRequest(young, (), BankDetails("BRI", "0123456789", "X"), Language.ID, user)
    refused = await services.claims.file("rest", user, request, now=NOW)
    assert isinstance(refused, NotClaimableYet)
    assert await services.claims.claims_of("rest", user) == ()


async def test_a_claim_is_seen_and_cancelled_by_its_owner_only(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    owner, _ = await _linked_user(sessions, services)
    other, _ = await _linked_user(sessions, services)
    filed = await services.claims.file("rest", owner, _request(f"c-{owner}"), now=NOW)
    assert isinstance(filed, Filed)
    assert [c.reference for c in await services.claims.claims_of("rest", owner)] == [
        filed.reference
    ]
    assert await services.claims.claim("rest", other, filed.reference) is None
    assert await services.claims.claim("rest", other, "CLM-00000000") is None
    assert await services.claims.cancel("rest", other, filed.reference, now=NOW) is None
    cancelled = await services.claims.cancel("rest", owner, filed.reference, now=NOW)
    assert cancelled is not None and cancelled.stage is ClaimStage.CANCELLED
    async with sessions() as session:
        audit = (
            await session.scalars(
                select(ClaimTransition.to_state)
                .join(Claim)
                .where(Claim.reference == filed.reference)
                .order_by(ClaimTransition.id)
            )
        ).all()
    assert audit == [ClaimState.SUBMITTED, ClaimState.CANCELLED]


async def test_a_claim_taken_up_can_not_be_cancelled(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    owner, _ = await _linked_user(sessions, services)
    filed = await services.claims.file("rest", owner, _request(f"v-{owner}"), now=NOW)
    assert isinstance(filed, Filed)
    async with sessions.begin() as session:
        await transition(
            session=session,
            claim_reference=filed.reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("supervisor"),
            now=NOW,
        )
    with pytest.raises(NotCancellable):
        await services.claims.cancel("rest", owner, filed.reference, now=NOW)
    found = await services.claims.claim("rest", owner, filed.reference)
    assert found is not None and found.stage is ClaimStage.VERIFYING


async def test_tickets_hand_the_chat_to_a_human_and_back(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    user = new_user()
    tickets = services.tickets
    complaint = await tickets.open(
        "rest", user, kind=TicketKind.COMPLAINT, language=Language.ID, message="lambat", now=NOW
    )
    assert complaint.created and complaint.reference.startswith("TKT-")
    assert not await tickets.human_owns("rest", user)
    human = await tickets.open(
        "rest", user, kind=TicketKind.HUMAN_AGENT, language=Language.EN, message="human", now=NOW
    )
    assert human.created and await tickets.human_owns("rest", user)
    again = await tickets.open(
        "rest", user, kind=TicketKind.HUMAN_AGENT, language=Language.EN, message="?", now=NOW
    )
    assert again.reference == human.reference and not again.created
    await tickets.keep_message(
        "rest", user, "<b>halo</b>", files=(Attachment("f" * 32, "image/png", 9),), now=NOW
    )
    async with sessions() as session:
        bodies = (
            await session.scalars(
                select(TicketMessage.body)
                .join(Ticket)
                .where(Ticket.reference == human.reference)
                .order_by(TicketMessage.id)
            )
        ).all()
    assert bodies[0] == "human" and bodies[-1].startswith("<b>halo</b>\n[file ffff")
    async with sessions.begin() as session:
        # What an officer's hand-back does to the chat (backend.officers.tickets.hand_back).
        handed_back = await session.execute(
            delete(HumanHandoff).where(
                HumanHandoff.channel == "rest", HumanHandoff.channel_user_id == user
            )
        )
        assert getattr(handed_back, "rowcount", 0)
        assert (
            await session.scalar(
                select(func.count())
                .select_from(HumanHandoff)
                .where(HumanHandoff.channel_user_id == user)
            )
            == 0
        )
    assert not await tickets.human_owns("rest", user)


async def test_database_failures_become_the_ports_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # never migrated: no tables
    try:
        broken = build_services(make_sessionmaker(engine), uploads_dir=tmp_path / "uploads")
        with pytest.raises(ServiceUnavailable):
            await broken.identity.linked("rest", "u1")
        with pytest.raises(ServiceUnavailable):
            await broken.tickets.human_owns("rest", "u1")
    finally:
        await engine.dispose()


async def test_uploads_are_kept_privately_under_random_names(tmp_path: Path) -> None:
    store = FileUploadStore(tmp_path / "uploads")
    kept = await store.store(
        "rest", "u1", (DATA / "pdf-named.jpg").read_bytes(), name="../../etc/passwd", now=NOW
    )
    assert isinstance(kept, Attachment) and kept.content_type == "application/pdf"
    files = sorted(p.name for p in (tmp_path / "uploads").iterdir())
    assert files == sorted([f"{kept.file_id}.pdf", f"{kept.file_id}.json"])
    mode = stat.S_IMODE((tmp_path / "uploads" / f"{kept.file_id}.pdf").stat().st_mode)
    assert mode == 0o600
    assert await store.describe("rest", "u2", kept.file_id) is None
    assert await store.describe("rest", "u1", "../uploads/" + kept.file_id) is None
    refused = await store.store(
        "rest", "u1", (DATA / "exe-named.pdf").read_bytes(), name="a.pdf", now=NOW
    )
    assert refused == UploadProblem.NOT_ALLOWED
