"""What the claim filing asks and reads: the program, documents, bank account, the summary.

Kept apart from `filing` (the steps and transitions) so each stays readable. Every reader
returns the value or a `Refusal` saying what is wrong, in the user's language; nothing is
stored until a value is right. Names and the bank's name allow letters and a few marks only,
so markup or SQL typed into them (`<b>`, `'; DROP`) is refused with a plain request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dialogues.dates import format_date
from dialogues.flows.base import button
from dialogues.flows.eligibility_facts import build_facts
from dialogues.flows.eligibility_questions import JHT_REASONS
from dialogues.flows.questions import Refusal
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Attachment, Button, Reply
from dialogues.rules import Decision, Facts
from dialogues.rules.documents import Document
from dialogues.rules.documents import name as document_name
from dialogues.rules.facts import JhtReason
from dialogues.rules.reasons import Reason
from dialogues.rules.uploads import MAX_FILE_BYTES, FileType
from dialogues.services import FACE_PHOTO, BankDetails, Person, mask
from nlu import Intent, Program

FILEABLE = (Program.JHT, Program.JKK, Program.JP)
"""Programs the worker claims for themselves, filed here; JKM (heirs, at a branch) and JKP
(SIAPkerja) are not."""
_BANK_NAME = re.compile(r"[^\W_][\w .&'()/-]{1,59}")
_HOLDER = re.compile(r"[^\W\d_][^\W\d_ .,'-]*(?:[ .,'-]+[^\W\d_]+)*\.?")
_ACCOUNT_SEPARATORS = re.compile(r"[\s.-]")
ACCOUNT_DIGITS = (8, 20)


@dataclass(frozen=True, slots=True)
class Filing:
    """A claim being filed, kept in the `filing` slot.

    `id` makes the submission key (one claim however often the user confirms); `step` of
    the eligibility walkthrough while it runs inside the filing; `needed` are the document
    kinds still to come, `files` those sent (kind -> file id).
    """

    id: str
    program: Program
    walkthrough_step: str | None = None
    needed: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    bank_name: str | None = None
    account: str | None = None
    holder: str | None = None
    reference: str | None = None

    def to_slot(self) -> dict[str, Any]:
        """Return the filing as a JSON-compatible slot value."""
        return {
            "id": self.id,
            "program": self.program.value,
            "walkthrough_step": self.walkthrough_step,
            "needed": list(self.needed),
            "files": dict(self.files),
            "bank_name": self.bank_name,
            "account": self.account,
            "holder": self.holder,
            "reference": self.reference,
        }

    @classmethod
    def from_slot(cls, value: Any) -> Filing | None:
        """Rebuild the filing; None when there is none or it is broken."""
        if not isinstance(value, dict) or value.get("program") not in set(Program):
            return None
        if not isinstance(value.get("id"), str):
            return None
        raw_files, raw_needed = value.get("files"), value.get("needed")
        files: dict[str, Any] = raw_files if isinstance(raw_files, dict) else {}
        needed: list[Any] = raw_needed if isinstance(raw_needed, list) else []
        return cls(
            id=value["id"],
            program=Program(value["program"]),
            walkthrough_step=_str(value.get("walkthrough_step")),
            needed=tuple(str(kind) for kind in needed),
            files={str(k): str(v) for k, v in files.items()},
            bank_name=_str(value.get("bank_name")),
            account=_str(value.get("account")),
            holder=_str(value.get("holder")),
            reference=_str(value.get("reference")),
        )

    @property
    def next_kind(self) -> str | None:
        """The document asked for now, or None when every one has come."""
        return next((kind for kind in self.needed if kind not in self.files), None)

    def with_file(self, kind: str, file_id: str) -> Filing:
        """Return the filing with one more document."""
        return replace(self, files={**self.files, kind: file_id})

    def without_last_file(self) -> Filing:
        """Return the filing with the last document sent taken back."""
        sent = [kind for kind in self.needed if kind in self.files]
        if not sent:
            return self
        return replace(self, files={k: v for k, v in self.files.items() if k != sent[-1]})


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


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


def prefill(program: Program, person: Person) -> dict[str, str]:
    """Return what the registry already tells the eligibility walkthrough, as button values."""
    if program == Program.JP:
        return {"birth_date": person.birth_date.isoformat()}
    if program != Program.JHT:
        return {}
    known = {
        "birth_date": person.birth_date.isoformat(),
        "membership_start": person.membership_start.isoformat(),
        "segment": person.segment.value,
    }
    if person.segment.value == "PMI":
        known["jht_opted_in"] = "yes" if Program.JHT in person.programs else "no"
    return known


def needed_documents(decision: Decision) -> tuple[str, ...]:
    """Return the kinds to collect: the checklist (the account comes typed), a face for JHT."""
    kinds = [d.value for d in decision.documents if d != Document.BANK_ACCOUNT]
    if decision.program == Program.JHT:
        kinds.append(FACE_PHOTO)
    return tuple(dict.fromkeys(kinds))


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


def take_files(filing: Filing, files: Sequence[Attachment]) -> Filing | Refusal:
    """Take the files sent as the next documents, in order; refuse one that doesn't fit."""
    for file in files:
        kind = filing.next_kind
        if kind is None:
            break
        if file.content_type not in set(FileType) or not 0 < file.size <= MAX_FILE_BYTES:
            return Refusal(_("Only JPG, PNG or PDF files of at most 6 MB can be used."))
        if kind == FACE_PHOTO and not FileType(file.content_type).is_image:
            return Refusal(_("The face photo must be a photo (JPG or PNG), not a PDF."))
        filing = filing.with_file(kind, file.file_id)
    return filing


def read_bank_name(text: str) -> str | Refusal:
    """Read the bank's name: letters, digits, spaces and `.&'()/-` only."""
    cleaned = " ".join(text.split())
    if _BANK_NAME.fullmatch(cleaned) and any(ch.isalpha() for ch in cleaned):
        return cleaned
    return Refusal(_("Please write only your bank's name, for example BRI, BNI, Mandiri or BCA."))


def read_account(text: str) -> str | Refusal:
    """Read an account number: 8 to 20 digits (spaces, dots and dashes between are dropped)."""
    digits = _ACCOUNT_SEPARATORS.sub("", text)
    low, high = ACCOUNT_DIGITS
    if digits.isascii() and digits.isdigit() and low <= len(digits) <= high:
        return digits
    return Refusal(
        _("A bank account number has only digits, 8 to 20 of them. Please type it again.")
    )


def read_holder(text: str) -> str | Refusal:
    """Read the account holder's name: letters, spaces and `.,'-` only, 2 to 100 characters."""
    cleaned = " ".join(text.split())
    if 2 <= len(cleaned) <= 100 and _HOLDER.fullmatch(cleaned):
        return cleaned
    return Refusal(_("Please write the account holder's name as the bank has it, in letters only."))


def facts_of(program: Program, answers: Mapping[str, Any], today: date) -> Facts:
    """Return the facts the eligibility answers give, for the claim."""
    return build_facts(program, answers, today)


def bank_of(filing: Filing) -> BankDetails:
    """Return the bank account the filing collected."""
    return BankDetails(str(filing.bank_name), str(filing.account), str(filing.holder))


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
