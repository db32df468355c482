"""The document list itself: what to bring, what branches also ask, and the upload rules.

Lists come from `rules.claim_documents` (the regulation's minimum, with the migrant-worker
variants of Permenaker 4/2023), the uncertain points from `rules.caveats`, and the upload
rules from `rules.uploads` (not confirmed for Lapak Asik, and said so).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogues.flows.base import button
from dialogues.flows.eligibility_questions import JHT_REASONS
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.rules import uploads
from dialogues.rules.caveats import Caveat
from dialogues.rules.caveats import explain as explain_caveat
from dialogues.rules.claim_documents import (
    branch_extras,
    jht_documents,
    jkk_documents,
    jkm_documents,
    jkp_documents,
    jp_documents,
)
from dialogues.rules.documents import Document
from dialogues.rules.documents import name as document_name
from dialogues.rules.facts import AccidentContext, JhtReason, Nationality, Segment
from nlu import Intent, Program

_REASON_LABELS = {option.value: option.label for option in JHT_REASONS}
_PMI_CONFIRMED = frozenset({JhtReason.AGE_56, JhtReason.TOTAL_DISABILITY, JhtReason.DEATH})
_JHT_CAVEATS = {
    JhtReason.PKWT_ENDED: Caveat.JHT_PKWT_DOCUMENTS,
    JhtReason.BPU_STOPPED: Caveat.JHT_BPU_DOCUMENTS,
    JhtReason.LEFT_INDONESIA: Caveat.JHT_LEAVING_DOCUMENTS,
}


def _bullets(documents: tuple[Document, ...]) -> str:
    return "\n".join(f"• {document_name(d)}" for d in documents)


def _jht(answers: Mapping[str, Any]) -> tuple[tuple[Document, ...], list[str], list[Caveat]]:
    reason = JhtReason(answers["reason"])
    segment = (
        Segment.BPU if reason == JhtReason.BPU_STOPPED else Segment(answers.get("segment", "PU"))
    )
    leaving = reason == JhtReason.LEFT_INDONESIA
    nationality = Nationality.WNA if leaving else Nationality.WNI
    documents = jht_documents(reason, segment=segment, nationality=nationality)
    notes = []
    if leaving:
        notes.append(
            _(
                "Claiming JHT for leaving Indonesia for good is only for foreign nationals. An "
                "Indonesian citizen can't claim on this ground."
            )
        )
    caveats = [c for r, c in _JHT_CAVEATS.items() if r == reason]
    if segment == Segment.PMI and reason not in _PMI_CONFIRMED:
        caveats.append(Caveat.JHT_PMI_REASONS)
    return documents, notes, caveats


def _lists(
    program: Program, answers: Mapping[str, Any]
) -> tuple[tuple[Document, ...], list[str], list[Caveat]]:
    """Return the documents, the notes in plain words, and the uncertain points."""
    migrant = answers.get("segment") == Segment.PMI
    if program == Program.JHT:
        return _jht(answers)
    if program == Program.JKM:
        segment = Segment.PMI if migrant else Segment.PU
        base = jkm_documents(segment=segment)
        scholarship = [d for d in jkm_documents(segment=segment, scholarship=True) if d not in base]
        note = _("For the children's scholarship (claimed every year), also:")
        return base, [f"{note}\n" + _bullets(tuple(scholarship))], []
    if program == Program.JKK:
        if migrant:
            return jkk_documents(segment=Segment.PMI), [], []
        return jkk_documents(AccidentContext.COMMUTE), [], [Caveat.JKK_DOCUMENTS]
    not_for_migrants = _("{program} is not a program for migrant workers.", program=program.value)
    if program == Program.JP:
        disability = _(
            "For a disability pension, also the doctor's statement of total permanent "
            "disability and the employer's statement that you can no longer work. For a widow "
            "or widower pension more documents are needed; ask the branch."
        )
        return jp_documents(), [disability, not_for_migrants], []
    reported = _("Your employer must also have reported you to BPJS as no longer active.")
    return jkp_documents(), [reported, not_for_migrants], [Caveat.JKP_PP_6_2025_DETAILS]


def _heading(program: Program, answers: Mapping[str, Any]) -> str:
    if program == Program.JHT:
        reason = str(_REASON_LABELS[answers["reason"]])
        return _("Documents for a JHT claim. Your reason: {reason}.", reason=reason) + "\n"
    if answers.get("segment") == Segment.PMI:
        return _("Documents for a {program} claim of a migrant worker:", program=program.value)
    return _("Documents for a {program} claim:", program=program.value)


def _source(program: Program, migrant: bool) -> str:
    sources = {
        Program.JHT: _("Permenaker 4/2022; PP 46/2015 art. 22"),
        Program.JKM: _("PP 44/2015 as amended by PP 82/2019"),
        Program.JKK: _("PP 44/2015 as amended by PP 82/2019"),
        Program.JP: _("PP 45/2015"),
        Program.JKP: _("PP 37/2021 as amended by PP 6/2025; Permenaker 15/2021"),
    }
    source = sources[program]
    return _("Source: {source}", source=f"{source}; Permenaker 4/2023" if migrant else source)


def upload_rules() -> str:
    """Return the upload rules a claim filing enforces, marked as not confirmed."""
    rules = _(
        "When you upload scans (for example on Lapak Asik): {types} files, at most {size} MB "
        "each. Documents may be electronic copies or photocopies; keep the originals to show "
        "in the video call or at the branch.",
        types=", ".join(uploads.ALLOWED_TYPES),
        size=uploads.MAX_FILE_MB,
    )
    if uploads.CONFIRMED:
        return rules
    caution = _(
        "⚠️ These upload rules are not confirmed for Lapak Asik: check the form itself or ask "
        "Care Center 175."
    )
    return f"{rules}\n{caution}"


def _buttons(program: Program, answers: Mapping[str, Any]) -> tuple[Button, ...]:
    prefill = {k: answers[k] for k in ("reason", "segment") if k in answers}
    own = (
        button(_("Can I claim yet?"), Intent.CHECK_ELIGIBILITY, program=program.value, **prefill),
        button(_("How to claim"), Intent.FILE_CLAIM, program=program.value),
    )
    other = (
        (
            button(
                _("Another JHT reason"), Intent.DOCUMENT_CHECKLIST, program="JHT", control="restart"
            ),
        )
        if program == Program.JHT
        else ()
    )
    return (
        *own,
        *other,
        button(_("Other programs"), Intent.DOCUMENT_CHECKLIST),
        button(_("Main menu"), Intent.HELP),
    )


def render(program: Program, answers: Mapping[str, Any]) -> tuple[Reply, ...]:
    """Return the checklist of one claim, with the documents' codes as `custom` data."""
    documents, notes, caveats = _lists(program, answers)
    parts = [f"{_heading(program, answers)}\n{_bullets(documents)}", *notes]
    extras = tuple(d for d in branch_extras(program) if d not in documents)
    if extras:
        parts.append(_("Often also asked for:") + "\n" + _bullets(extras))
    parts.extend(_("⚠️ {caveat}", caveat=explain_caveat(c)) for c in caveats)
    parts.append(upload_rules())
    parts.append(_source(program, answers.get("segment") == Segment.PMI))
    custom = {"documents": {"program": program.value, "codes": [d.value for d in documents]}}
    return (Reply("\n\n".join(parts), buttons=_buttons(program, answers), custom=custom),)
