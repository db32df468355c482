"""Which documents each claim needs, per program and per JHT reason.

The lists are the regulation's minimum (Permenaker 4/2022 for JHT, Permenaker 4/2023 art. 50,
57 and 60 for migrant workers, the branch checklists for JKK, PP 37/2021 for JKP);
`branch_extras` gives what branch offices and online channels usually ask for on top.
Migrant workers (segment PMI) get their own variants: passport, letters from the Indonesian
mission (Perwakilan RI) or KDEI, and foreign hospital papers. The codes and their names are
`dialogues.rules.documents`.
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogues.rules.documents import Document
from dialogues.rules.facts import AccidentContext, JhtReason, Nationality, Segment
from nlu import Program

D = Document

_JHT: Mapping[JhtReason, tuple[Document, ...]] = {
    JhtReason.AGE_56: (D.PARTICIPANT_CARD, D.KTP),
    JhtReason.RETIREMENT_AGE: (D.PARTICIPANT_CARD, D.KTP),
    JhtReason.PKWT_ENDED: (D.PARTICIPANT_CARD, D.KTP, D.CONTRACT_END_PROOF),
    JhtReason.BPU_STOPPED: (D.PARTICIPANT_CARD, D.KTP, D.WORK_STOPPED_STATEMENT),
    JhtReason.RESIGNED: (D.PARTICIPANT_CARD, D.KTP, D.RESIGNATION_LETTER),
    JhtReason.TERMINATED: (D.PARTICIPANT_CARD, D.KTP, D.PHK_PROOF),
    JhtReason.LEFT_INDONESIA: (D.PARTICIPANT_CARD, D.NO_LONGER_WORKING_STATEMENT, D.PASSPORT),
    JhtReason.TOTAL_DISABILITY: (D.PARTICIPANT_CARD, D.KTP, D.DOCTOR_DISABILITY_STATEMENT),
    JhtReason.DEATH: (D.PARTICIPANT_CARD, D.DEATH_CERTIFICATE, D.HEIR_CERTIFICATE),
    JhtReason.PARTIAL_10: (
        D.PARTICIPANT_CARD,
        D.KTP,
        D.KK,
        D.SAVINGS_BOOK,
        D.EMPLOYMENT_STATUS_LETTER,
        D.NPWP,
    ),
    JhtReason.PARTIAL_30: (
        D.PARTICIPANT_CARD,
        D.KTP,
        D.KK,
        D.EMPLOYMENT_STATUS_LETTER,
        D.PARTNER_BANK_DOCUMENTS,
        D.PARTNER_BANK_SAVINGS_BOOK,
        D.NPWP,
        D.PROPERTY_DEED,
    ),
}

# Permenaker 4/2023 art. 57 (JKM) and art. 60 (JHT a-c) for migrant workers.
_PMI_DEATH = (
    D.PARTICIPANT_CARD,
    D.KTP_OR_PASSPORT,
    D.HEIR_KTP,
    D.KK,
    D.DEATH_CERTIFICATE_ABROAD,
    D.HEIR_CERTIFICATE,
    D.HEIR_SAVINGS_ACCOUNT,
    D.LEAVE_LETTER,
)
_PMI_JHT: Mapping[JhtReason, tuple[Document, ...]] = {
    JhtReason.AGE_56: (D.PARTICIPANT_CARD, D.KTP_OR_PASSPORT, D.OWN_SAVINGS_ACCOUNT),
    JhtReason.TOTAL_DISABILITY: (
        D.PARTICIPANT_CARD,
        D.KTP_OR_PASSPORT,
        D.DOCTOR_DISABILITY_STATEMENT,
        D.OWN_SAVINGS_ACCOUNT,
    ),
    JhtReason.DEATH: _PMI_DEATH,
}

_JKM = (
    D.PARTICIPANT_CARD,
    D.KTP,
    D.HEIR_KTP,
    D.DEATH_CERTIFICATE,
    D.KK,
    D.HEIR_CERTIFICATE,
    D.MARRIAGE_BOOK,
    D.WORK_REFERENCE_LETTER,
    D.HEIR_SAVINGS_ACCOUNT,
)
_SCHOLARSHIP = (
    D.SCHOLARSHIP_CLAIM_FORM,
    D.CHILD_BIRTH_CERTIFICATE,
    D.KK,
    D.SCHOOL_LETTER,
    D.REPORT_CARD,
    D.GUARDIAN_SAVINGS_ACCOUNT,
    D.GUARDIAN_ID,
)
_JKK = (
    D.PARTICIPANT_CARD,
    D.KTP,
    D.EMPLOYER_ACCIDENT_REPORT,
    D.ATTENDANCE_RECORD,
    D.ACCIDENT_CHRONOLOGY,
    D.DUTY_LETTER,
    D.MEDICAL_RECEIPTS,
)
# Permenaker 4/2023 art. 50: JKK during work abroad.
_PMI_JKK = (
    D.INCIDENT_FORM,
    D.PARTICIPANT_CARD,
    D.PASSPORT,
    D.MISSION_LETTER,
    D.FOREIGN_HOSPITAL_PAPERS,
    D.TRANSPORT_RECEIPTS,
    D.PAYER_SAVINGS_ACCOUNT,
    D.FOREIGN_INSURANCE_STATEMENT,
)
_JKP = (D.PHK_PROOF, D.KAPK, D.BANK_ACCOUNT)
_JP = (D.JP_FORM_7, D.PARTICIPANT_CARD, D.KTP, D.KK)

_BRANCH_EXTRAS: Mapping[Program, tuple[Document, ...]] = {
    Program.JHT: (D.KK, D.SAVINGS_BOOK, D.NPWP),
    Program.JKP: (D.KTP, D.KK, D.WORK_REFERENCE_LETTER, D.NPWP),
}


def _replace(documents: tuple[Document, ...], old: Document, new: Document) -> tuple[Document, ...]:
    """Return the list with one document swapped for another."""
    return tuple(new if d == old else d for d in documents)


def jht_documents(
    reason: JhtReason,
    *,
    segment: Segment = Segment.PU,
    nationality: Nationality = Nationality.WNI,
) -> tuple[Document, ...]:
    """Return the documents of a JHT claim on `reason` (Permenaker 4/2022; 4/2023 art. 60).

    Migrant workers use the art. 60 lists where the regulation has one (death, disability,
    age 56) and otherwise the general list with a passport accepted as ID; foreign nationals
    show their passport instead of a KTP.
    """
    if segment == Segment.PMI:
        return _PMI_JHT.get(reason) or _replace(_JHT[reason], D.KTP, D.KTP_OR_PASSPORT)
    if nationality == Nationality.WNA:
        return _replace(_JHT[reason], D.KTP, D.PASSPORT)
    return _JHT[reason]


def jkp_documents() -> tuple[Document, ...]:
    """Return the documents of a JKP claim (PP 37/2021; filed on SIAPkerja)."""
    return _JKP


def jkm_documents(
    *, segment: Segment = Segment.PU, scholarship: bool = False
) -> tuple[Document, ...]:
    """Return the documents of a JKM claim by the heirs, with the scholarship's if asked.

    Migrant workers: Permenaker 4/2023 art. 57 (death letters from Perwakilan RI or KDEI).
    """
    base = _PMI_DEATH if segment == Segment.PMI else _JKM
    if not scholarship:
        return base
    return base + tuple(d for d in _SCHOLARSHIP if d not in base)


def jkk_documents(
    context: AccidentContext | None = None, *, segment: Segment = Segment.PU
) -> tuple[Document, ...]:
    """Return the documents of a JKK claim; a commute accident adds the police report.

    Migrant workers: Permenaker 4/2023 art. 50 (passport, mission letter, foreign hospital
    papers). Domestic lists: the branch checklists in facts.md §4.2.
    """
    if segment == Segment.PMI:
        return _PMI_JKK
    if context == AccidentContext.COMMUTE:
        return (*_JKK, D.POLICE_REPORT)
    return _JKK


def jp_documents() -> tuple[Document, ...]:
    """Return the documents of a JP old-age pension claim (Form 7, card, KTP, KK)."""
    return _JP


def branch_extras(program: Program) -> tuple[Document, ...]:
    """Return what branches and online channels usually ask for beyond the regulation's list."""
    return _BRANCH_EXTRAS.get(program, ())
