"""What the claim filing keeps and reads: the filing itself, its documents, the bank account.

Kept apart from `filing` (the steps and transitions) and `filing_replies` (what it says) so
each stays readable. Every reader returns the value or a `Refusal` saying what is wrong, in
the user's language; nothing is stored until a value is right. Names and the bank's name
allow letters and a few marks only, so markup or SQL typed into them (`<b>`, `'; DROP`) is
refused with a plain request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dialogues.errors import MissingFact
from dialogues.flows import eligibility
from dialogues.flows.base import Turn, user_today
from dialogues.flows.eligibility_facts import build_facts
from dialogues.flows.questions import Refusal
from dialogues.flows.walkthrough import Progress
from dialogues.i18n import gettext as _
from dialogues.messages import Attachment
from dialogues.rules import Decision, Facts, decide
from dialogues.rules.documents import Document
from dialogues.rules.uploads import MAX_FILE_BYTES, FileType
from dialogues.services_cases import FACE_PHOTO, BankDetails
from dialogues.services_identity import Person
from dialogues.state import Conversation
from nlu import Program

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


def answers_of(conversation: Conversation) -> dict[str, Any]:
    """Return the answers the eligibility walkthrough kept (none when it did not run)."""
    progress = Progress.from_slot(conversation.slots.get(eligibility.SLOT))
    return dict(progress.answers) if progress is not None else {}


def decision_of(program: Program, conversation: Conversation, turn: Turn) -> Decision | None:
    """Return the decision the walkthrough's answers give for `program`, if they suffice."""
    progress = Progress.from_slot(conversation.slots.get(eligibility.SLOT))
    if progress is None or progress.subject != program.value:
        return None
    try:
        facts = facts_of(program, progress.answers, user_today(turn, conversation))
        return decide(facts)
    except (MissingFact, ValueError):
        return None
