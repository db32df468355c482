"""The in-memory twins of the services behave as the ports promise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dialogues.errors import NotCancellable, NotLinked
from dialogues.memory import InMemoryUploads, PlainCardRenderer, in_memory_services
from dialogues.memory_cases import InMemoryClaims, InMemoryTickets
from dialogues.memory_identity import InMemoryIdentity, Member
from dialogues.rules.facts import JhtFacts, JhtReason
from dialogues.rules.uploads import UploadProblem
from dialogues.services_cases import (
    BankDetails,
    ClaimRequest,
    ClaimStage,
    Filed,
    NotClaimableYet,
    TicketKind,
)
from dialogues.services_identity import Linked, LinkLocked, LinkState, WrongDetails
from nlu import Language

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
BORN = date(1965, 1, 1)
MEMBER = Member(kpj="01234567890", nik="3201010101650001", name="Uji Coba", birth_date=BORN)


def _request(key: str = "k1", reason: JhtReason = JhtReason.AGE_56) -> ClaimRequest:
    facts = JhtFacts(as_of=NOW.date(), reason=reason, birth_date=BORN)
    bank = BankDetails("BRI", "0123456789", "Uji Coba")
    return ClaimRequest(facts, (), bank, Language.ID, key)


async def _linked(identity: InMemoryIdentity, user: str = "u1") -> None:
    outcome = await identity.link(
        "rest", user, kpj=MEMBER.kpj, nik=MEMBER.nik, birth_date=BORN, now=NOW
    )
    assert isinstance(outcome, Linked)


async def test_three_wrong_tries_lock_for_15_minutes_then_it_opens() -> None:
    identity = InMemoryIdentity([MEMBER])
    wrong = {"kpj": MEMBER.kpj, "nik": "3201010101650002", "birth_date": BORN}
    first = await identity.link("rest", "u1", **wrong, now=NOW)
    second = await identity.link("rest", "u1", **wrong, now=NOW + timedelta(minutes=1))
    third = await identity.link("rest", "u1", **wrong, now=NOW + timedelta(minutes=2))
    assert first == WrongDetails(2) and second == WrongDetails(1)
    assert third == LinkLocked(NOW + timedelta(minutes=17))
    right = {"kpj": MEMBER.kpj, "nik": MEMBER.nik, "birth_date": BORN}
    locked = await identity.link("rest", "u1", **right, now=NOW + timedelta(minutes=10))
    assert locked == LinkLocked(NOW + timedelta(minutes=17))
    assert await identity.locked_until("rest", "u2", NOW) is None
    opened = await identity.link("rest", "u1", **right, now=NOW + timedelta(minutes=17))
    assert isinstance(opened, Linked) and opened.person.masked_kpj == "*******7890"
    assert "7890" not in repr(opened.person)


async def test_the_link_state_is_the_person_else_the_lock() -> None:
    identity = InMemoryIdentity([MEMBER])
    assert await identity.link_state("rest", "u1", now=NOW) == LinkState(None, None)
    wrong = {"kpj": MEMBER.kpj, "nik": "3201010101650002", "birth_date": BORN}
    for minute in range(3):
        await identity.link("rest", "u1", **wrong, now=NOW + timedelta(minutes=minute))
    until = NOW + timedelta(minutes=17)
    assert await identity.link_state("rest", "u1", now=NOW + timedelta(minutes=5)) == LinkState(
        None, until
    )
    assert await identity.link_state("rest", "u1", now=until) == LinkState(None, None)
    await _linked(identity, "u2")
    linked = await identity.link_state("rest", "u2", now=NOW)
    assert linked == LinkState(MEMBER.person()) and linked.locked_until is None
    for minute in range(3):  # locked out after linking: the person is what counts
        await identity.link("rest", "u2", **wrong, now=NOW + timedelta(minutes=minute))
    assert await identity.locked_until("rest", "u2", NOW + timedelta(minutes=5)) is not None
    assert await identity.link_state("rest", "u2", now=NOW + timedelta(minutes=5)) == linked


async def test_unlink_forgets_the_link() -> None:
    identity = InMemoryIdentity([MEMBER])
    await _linked(identity)
    assert await identity.linked("rest", "u1") is not None
    assert await identity.unlink("rest", "u1")
    assert not await identity.unlink("rest", "u1")
    assert await identity.linked("rest", "u1") is None


async def test_a_submission_key_files_one_claim() -> None:
    identity = InMemoryIdentity([MEMBER])
    claims = InMemoryClaims(identity)
    with pytest.raises(NotLinked):
        await claims.file("rest", "u1", _request(), now=NOW)
    await _linked(identity)
    first = await claims.file("rest", "u1", _request(), now=NOW)
    again = await claims.file("rest", "u1", _request(), now=NOW)
    assert isinstance(first, Filed) and first.created
    assert again == Filed(first.reference, created=False)
    assert len(await claims.claims_of("rest", "u1")) == 1


async def test_not_claimable_is_refused_with_the_decision() -> None:
    identity = InMemoryIdentity([MEMBER])
    claims = InMemoryClaims(identity)
    await _linked(identity)
    young = ClaimRequest(
        JhtFacts(as_of=NOW.date(), reason=JhtReason.AGE_56, birth_date=date(1990, 1, 1)),
        (),
        BankDetails("BRI", "0123456789", "Uji"),
        Language.ID,
        "k2",
    )
    refused = await claims.file("rest", "u1", young, now=NOW)
    assert isinstance(refused, NotClaimableYet) and refused.decision.earliest_date is not None


async def test_someone_elses_claim_is_as_unknown_as_none() -> None:
    other = Member(kpj="09876543210", nik="3201010101650003", name="Lain", birth_date=BORN)
    identity = InMemoryIdentity([MEMBER, other])
    claims = InMemoryClaims(identity)
    await _linked(identity)
    await identity.link("rest", "u2", kpj=other.kpj, nik=other.nik, birth_date=BORN, now=NOW)
    filed = await claims.file("rest", "u1", _request(), now=NOW)
    assert isinstance(filed, Filed)
    assert await claims.claim("rest", "u1", filed.reference) is not None
    assert await claims.claim("rest", "u2", filed.reference) is None
    assert await claims.claim("rest", "u2", "CLM-00000000") is None
    assert await claims.cancel("rest", "u2", filed.reference, now=NOW) is None


async def test_cancel_only_before_verification() -> None:
    identity = InMemoryIdentity([MEMBER])
    claims = InMemoryClaims(identity)
    await _linked(identity)
    first = await claims.file("rest", "u1", _request("a"), now=NOW)
    second = await claims.file("rest", "u1", _request("b"), now=NOW)
    assert isinstance(first, Filed) and isinstance(second, Filed)
    cancelled = await claims.cancel("rest", "u1", first.reference, now=NOW)
    assert cancelled is not None and cancelled.stage is ClaimStage.CANCELLED
    claims.move(second.reference, ClaimStage.VERIFYING, now=NOW)
    with pytest.raises(NotCancellable):
        await claims.cancel("rest", "u1", second.reference, now=NOW)


async def test_a_human_request_owns_the_chat_until_handed_back() -> None:
    tickets = InMemoryTickets()
    complaint = await tickets.open(
        "rest", "u1", kind=TicketKind.COMPLAINT, language=Language.ID, message="lambat", now=NOW
    )
    assert complaint.reference.startswith("TKT-") and complaint.created
    assert not await tickets.human_owns("rest", "u1")
    human = await tickets.open(
        "rest", "u1", kind=TicketKind.HUMAN_AGENT, language=Language.ID, message="cs", now=NOW
    )
    assert await tickets.human_owns("rest", "u1")
    await tickets.keep_message("rest", "u1", "halo?", files=(), now=NOW)
    assert tickets.tickets[-1].messages == ["cs", "halo?"] and human.created
    tickets.hand_back("rest", "u1")
    assert not await tickets.human_owns("rest", "u1")


async def test_uploads_are_checked_and_kept_per_sender() -> None:
    uploads = InMemoryUploads()
    refused = await uploads.store("rest", "u1", b"MZ\x90\x00", name="a.pdf", now=NOW)
    assert refused == UploadProblem.NOT_ALLOWED
    kept = await uploads.store("rest", "u1", b"%PDF-1.4 x", name="a.jpg", now=NOW)
    assert not isinstance(kept, UploadProblem) and kept.content_type == "application/pdf"
    assert await uploads.describe("rest", "u1", kept.file_id) == kept
    assert await uploads.describe("rest", "u2", kept.file_id) is None


def test_the_stand_in_card_is_a_png() -> None:
    services = in_memory_services([MEMBER])
    png = PlainCardRenderer().render(MEMBER.person(), issued=NOW.date())
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and services.cards is not None
