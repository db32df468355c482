"""Every reason, document and caveat code has its text in both languages."""

from __future__ import annotations

import pytest

from dialogues.i18n import Catalogs, use_language
from dialogues.rules import caveats, claim_documents, documents, reasons
from dialogues.rules.caveats import Caveat
from dialogues.rules.documents import Document
from dialogues.rules.facts import AccidentContext, JhtReason, Nationality, Segment
from dialogues.rules.reasons import Reason
from nlu import Language, Program

CATALOGS = Catalogs()


def both(render: object) -> tuple[str, str]:
    with use_language(CATALOGS, Language.ID):
        indonesian = str(render() if callable(render) else render)
    with use_language(CATALOGS, Language.EN):
        english = str(render() if callable(render) else render)
    return indonesian, english


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_is_explained_in_both_languages(reason: Reason) -> None:
    indonesian, english = both(lambda: reasons.explain(reason))
    assert indonesian and english and indonesian != english


@pytest.mark.parametrize("document", list(Document))
def test_every_document_is_named_in_both_languages(document: Document) -> None:
    indonesian, english = both(lambda: documents.name(document))
    assert indonesian and english and indonesian != english


@pytest.mark.parametrize("caveat", list(Caveat))
def test_every_caveat_is_explained_in_both_languages(caveat: Caveat) -> None:
    indonesian, english = both(lambda: caveats.explain(caveat))
    assert indonesian and english and indonesian != english


def test_codes_are_stable_snake_case() -> None:
    for code in [*Reason, *Document, *Caveat]:
        assert code.value == code.value.lower() and " " not in code.value


def test_the_contract_reason_codes_exist() -> None:
    contract = {
        "waiting_period",
        "membership_too_short",
        "partial_already_taken",
        "not_for_citizens",
        "not_a_dismissal",
        "contributions_too_few",
        "claim_window_closed",
        "use_jkk",
        "lump_sum_only",
    }
    assert contract <= {reason.value for reason in Reason}


@pytest.mark.parametrize("reason", list(JhtReason))
@pytest.mark.parametrize("segment", list(Segment))
def test_permenaker_4_2022_every_jht_reason_has_documents(
    reason: JhtReason, segment: Segment
) -> None:
    listed = claim_documents.jht_documents(reason, segment=segment)
    assert Document.PARTICIPANT_CARD in listed
    assert len(set(listed)) == len(listed)


def test_permenaker_4_2023_migrant_variants_use_passport_and_mission_letters() -> None:
    assert Document.KTP_OR_PASSPORT in claim_documents.jht_documents(
        JhtReason.PARTIAL_10, segment=Segment.PMI
    )
    assert Document.PASSPORT in claim_documents.jht_documents(
        JhtReason.AGE_56, nationality=Nationality.WNA
    )
    abroad = claim_documents.jkk_documents(AccidentContext.AT_WORK, segment=Segment.PMI)
    assert {Document.MISSION_LETTER, Document.FOREIGN_HOSPITAL_PAPERS} <= set(abroad)
    assert Document.DEATH_CERTIFICATE_ABROAD in claim_documents.jkm_documents(segment=Segment.PMI)


def test_branch_extras_beyond_the_regulation() -> None:
    assert claim_documents.branch_extras(Program.JHT) == (
        Document.KK,
        Document.SAVINGS_BOOK,
        Document.NPWP,
    )
    assert claim_documents.branch_extras(Program.JKK) == ()
