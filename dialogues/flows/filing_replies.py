"""What the claim filing says: where a claim is filed instead, each question, the summary.

Pure text builders for `filing` and `filing_answers`, in the current language; the bank
account is shown masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogues.dates import format_date
from dialogues.flows.base import button
from dialogues.flows.eligibility_questions import JHT_REASONS
from dialogues.flows.filing_steps import Filing
from dialogues.i18n import current_language, lazy_gettext
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.rules import Decision
from dialogues.rules.documents import Document
from dialogues.rules.documents import name as document_name
from dialogues.rules.facts import JhtReason
from dialogues.rules.reasons import Reason
from dialogues.services_cases import FACE_PHOTO
from dialogues.services_identity import mask
from nlu import Intent, Program

BANK_QUESTIONS = {
    "bank_name": lazy_gettext(
        "Now the bank account the benefit is paid into, in your own name. Which bank is "
        "it? For example BRI, BNI, Mandiri or BCA."
    ),
    "account": lazy_gettext("What is the account number? Digits only."),
    "holder": lazy_gettext("In whose name is the account? Write the name as the bank has it."),
}
"""The question asked for each field of the bank account, in order."""


def not_here(program: Program, decision: Decision | None = None) -> str | None:
    """Say why this claim can't be filed in the chat, or None when it can."""
    if program == Program.JKM:
        return _(
            "A JKM claim is made by the heirs at a BPJS Ketenagakerjaan branch office, so it "
            "can't be filed in this chat."
        )
    if program == Program.JKP:
        return _(
            "JKP is claimed on SIAPkerja, the Ministry of Manpower's portal, so it can't be "
            "filed in this chat."
        )
    heirs = {Reason.HEIRS_CLAIM, Reason.DEATH_COVERED}
    if decision is not None and heirs & set(decision.reasons):
        return _(
            "After a death the heirs claim at a BPJS Ketenagakerjaan branch office, so it "
            "can't be filed in this chat."
        )
    return None


def program_buttons() -> tuple[Button, ...]:
    """Return a button per program, each starting its filing."""
    return tuple(button(p.value, Intent.FILE_CLAIM, program=p.value) for p in Program)


def kind_name(kind: str) -> str:
    """Return what a document kind is called, in the current language."""
    if kind == FACE_PHOTO:
        return _("a recent photo of your face, looking straight at the camera (a selfie)")
    return document_name(Document(kind)) if kind in set(Document) else kind


def ask_document(filing: Filing, before: str | None = None) -> str:
    """Return the request for the next document."""
    kind = str(filing.next_kind)
    number = list(filing.needed).index(kind) + 1
    if kind == FACE_PHOTO:
        text = _(
            "Document {number} of {total}: {name}. It is compared with your e-KTP at the video "
            "interview. Send it as a photo (JPG or PNG).",
            number=number,
            total=len(filing.needed),
            name=kind_name(kind),
        )
    else:
        text = _(
            "Document {number} of {total}: {name}. Send a photo or a PDF (JPG, PNG or PDF, at "
            "most 6 MB).",
            number=number,
            total=len(filing.needed),
            name=kind_name(kind),
        )
    return f"{before}\n\n{text}" if before else text


def summary(filing: Filing, answers: Mapping[str, Any]) -> Reply:
    """Return the summary asked to be confirmed before filing (the account masked)."""
    reason = answers.get("reason")
    labels = {option.value: str(option.label) for option in JHT_REASONS}
    program = filing.program.value
    if filing.program == Program.JHT and reason in set(JhtReason):
        program = f"{program} ({labels[reason]})"
    names = [kind_name(kind) for kind in filing.needed if kind in filing.files]
    lines = [
        _("Please check your claim before I file it:"),
        _("• Program: {program}", program=program),
        _("• Documents: {names}", names="; ".join(names) or "-"),
        _(
            "• Bank account: {bank}, number {number}, in the name of {holder}",
            bank=str(filing.bank_name),
            number=mask(str(filing.account)),
            holder=str(filing.holder),
        ),
        _("Shall I file it now?"),
    ]
    buttons = (
        button(_("✅ File my claim"), Intent.FILE_CLAIM, action="confirm"),
        button(_("✏️ Change the bank account"), Intent.FILE_CLAIM, action="change_bank"),
        button(_("✖️ Stop"), Intent.FILE_CLAIM, control="cancel"),
    )
    return Reply("\n".join(lines), buttons=buttons)


def not_yet(decision: Decision) -> str:
    """Say that the claim can't be filed (yet), and from when it can."""
    program = decision.program.value
    if decision.earliest_date is not None:
        day = format_date(decision.earliest_date, current_language())
        return _(
            "I can't file your {program} claim yet: you can claim it from {date}. Come back "
            "then and we'll file it here together.",
            program=program,
            date=day,
        )
    return _(
        "I can't file this {program} claim: it can't be claimed in this case.", program=program
    )


def filed(reference: str, program: Program, *, again: bool) -> str:
    """Say the claim is filed, with its reference."""
    if again:
        return _(
            "Your claim was already filed: reference {reference}. It was filed once; nothing "
            "was filed twice.",
            reference=reference,
        )
    return _(
        "✅ Your {program} claim is filed. Reference: {reference}. An officer will check your "
        'documents and then invite you to a video interview. Ask "status klaim" here at any '
        "time; I'll also tell you here when it moves on.",
        program=program.value,
        reference=reference,
    )
