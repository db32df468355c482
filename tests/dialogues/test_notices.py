"""What the worker is told about their claim or ticket, in Indonesian and English."""

from __future__ import annotations

import pytest

from dialogues.i18n import Catalogs, use_language
from dialogues.notices import _RENDERERS, UnknownNotice, render_notice
from nlu import Language

CATALOGS = Catalogs()
PAYLOADS = {
    "claim.verifying": {"reference": "CLM-7K3M9QXA", "program": "JHT"},
    "claim.needs_documents": {"reference": "CLM-7K3M9QXA", "note": "KTP"},
    "claim.interview_scheduled": {
        "reference": "CLM-7K3M9QXA",
        "from": "verifying",
        "interview_at": "2026-12-01T03:00:00+00:00",
    },
    "claim.approved": {"reference": "CLM-7K3M9QXA", "program": "JHT"},
    "claim.paid": {"reference": "CLM-7K3M9QXA", "program": "JHT"},
    "claim.rejected": {"reference": "CLM-7K3M9QXA", "note": None},
    "ticket.reply": {"reference": "TKT-7K3M9QXA", "body": "Sudah kami cek {ok}"},
    "ticket.taken_over": {"reference": "TKT-7K3M9QXA"},
    "ticket.handed_back": {"reference": "TKT-7K3M9QXA", "closed": True},
}


def render(kind: str, language: Language, **changes: object) -> str:
    with use_language(CATALOGS, language):
        return render_notice(kind, {**PAYLOADS[kind], **changes})


@pytest.mark.parametrize("kind", sorted(_RENDERERS))
def test_every_kind_is_told_in_both_languages_with_its_reference(kind: str) -> None:
    indonesian, english = render(kind, Language.ID), render(kind, Language.EN)
    reference = str(PAYLOADS[kind]["reference"])
    assert reference in indonesian and reference in english
    assert indonesian != english


def test_claim_texts_say_what_happens_next_and_when() -> None:
    assert "Langkah berikutnya" in render("claim.verifying", Language.ID)
    interview = render("claim.interview_scheduled", Language.ID)
    assert "dijadwalkan pada 1 Desember 2026, pukul 10:00 WIB." in interview
    moved = render("claim.interview_scheduled", Language.EN, **{"from": "interview_scheduled"})
    assert "moved to 1 December 2026, 10:00 WIB" in moved
    assert "Alasan: dokumen palsu" in render("claim.rejected", Language.ID, note="dokumen palsu")
    assert "Care Center 175" in render("claim.rejected", Language.EN)


def test_officer_text_is_passed_through_untouched() -> None:
    assert render("ticket.reply", Language.EN).endswith("Sudah kami cek {ok}")


def test_unknown_kinds_and_broken_payloads_are_reported() -> None:
    with pytest.raises(UnknownNotice):
        render_notice("claim.teleported", {})
    with pytest.raises(UnknownNotice), use_language(CATALOGS, Language.EN):
        render_notice("claim.interview_scheduled", {"reference": "CLM-7K3M9QXA"})
