"""Document codes: what each claim needs, per program and per JHT reason, with the names.

The lists are the regulation's minimum (Permenaker 4/2022 for JHT, Permenaker 4/2023 art. 50,
57 and 60 for migrant workers, the branch checklists for JKK, PP 37/2021 for JKP);
`branch_extras` gives what branch offices and online channels usually ask for on top.
Migrant workers (segment PMI) get their own variants: passport, letters from the Indonesian
mission (Perwakilan RI) or KDEI, and foreign hospital papers. Codes are stable (the HTTP API
returns them); names are in the catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from babel.support import LazyProxy

from dialogues.i18n import lazy_gettext
from dialogues.rules.facts import AccidentContext, JhtReason, Nationality, Segment
from nlu import Program


class Document(StrEnum):
    """Every document a claim may need."""

    PARTICIPANT_CARD = "participant_card"
    KTP = "ktp"
    KTP_OR_PASSPORT = "ktp_or_passport"
    PASSPORT = "passport"
    KK = "kk"
    SAVINGS_BOOK = "savings_book"
    NPWP = "npwp"
    RESIGNATION_LETTER = "resignation_letter"
    PHK_PROOF = "phk_proof"
    CONTRACT_END_PROOF = "contract_end_proof"
    WORK_STOPPED_STATEMENT = "work_stopped_statement"
    NO_LONGER_WORKING_STATEMENT = "no_longer_working_statement"
    DOCTOR_DISABILITY_STATEMENT = "doctor_disability_statement"
    DEATH_CERTIFICATE = "death_certificate"
    DEATH_CERTIFICATE_ABROAD = "death_certificate_abroad"
    HEIR_CERTIFICATE = "heir_certificate"
    HEIR_KTP = "heir_ktp"
    HEIR_SAVINGS_ACCOUNT = "heir_savings_account"
    OWN_SAVINGS_ACCOUNT = "own_savings_account"
    LEAVE_LETTER = "leave_letter"
    MARRIAGE_BOOK = "marriage_book"
    WORK_REFERENCE_LETTER = "work_reference_letter"
    EMPLOYMENT_STATUS_LETTER = "employment_status_letter"
    PARTNER_BANK_DOCUMENTS = "partner_bank_documents"
    PARTNER_BANK_SAVINGS_BOOK = "partner_bank_savings_book"
    PROPERTY_DEED = "property_deed"
    KAPK = "kapk"
    BANK_ACCOUNT = "bank_account"
    SCHOLARSHIP_CLAIM_FORM = "scholarship_claim_form"
    CHILD_BIRTH_CERTIFICATE = "child_birth_certificate"
    SCHOOL_LETTER = "school_letter"
    REPORT_CARD = "report_card"
    GUARDIAN_SAVINGS_ACCOUNT = "guardian_savings_account"
    GUARDIAN_ID = "guardian_id"
    EMPLOYER_ACCIDENT_REPORT = "employer_accident_report"
    ATTENDANCE_RECORD = "attendance_record"
    ACCIDENT_CHRONOLOGY = "accident_chronology"
    DUTY_LETTER = "duty_letter"
    POLICE_REPORT = "police_report"
    MEDICAL_RECEIPTS = "medical_receipts"
    INCIDENT_FORM = "incident_form"
    MISSION_LETTER = "mission_letter"
    FOREIGN_HOSPITAL_PAPERS = "foreign_hospital_papers"
    TRANSPORT_RECEIPTS = "transport_receipts"
    PAYER_SAVINGS_ACCOUNT = "payer_savings_account"
    FOREIGN_INSURANCE_STATEMENT = "foreign_insurance_statement"
    JP_FORM_7 = "jp_form_7"


NAMES: Mapping[Document, LazyProxy] = {
    Document.PARTICIPANT_CARD: lazy_gettext("BPJS Ketenagakerjaan participant card (KPJ)"),
    Document.KTP: lazy_gettext("e-KTP (identity card) or other ID"),
    Document.KTP_OR_PASSPORT: lazy_gettext("e-KTP, passport or other ID"),
    Document.PASSPORT: lazy_gettext("Passport"),
    Document.KK: lazy_gettext("Family card (KK)"),
    Document.SAVINGS_BOOK: lazy_gettext("Savings book in your own name"),
    Document.NPWP: lazy_gettext("Tax number (NPWP), if you have one"),
    Document.RESIGNATION_LETTER: lazy_gettext("The employer's statement of your resignation"),
    Document.PHK_PROOF: lazy_gettext(
        "Proof of the dismissal (PHK), one of: the labour office's receipt of the PHK report; "
        "the employer's PHK report to the labour office; the employer's PHK notice with your "
        "statement not objecting; a signed bipartite agreement; or a ruling of the industrial "
        "relations court"
    ),
    Document.CONTRACT_END_PROOF: lazy_gettext(
        "Proof that your fixed-term contract (PKWT) has ended"
    ),
    Document.WORK_STOPPED_STATEMENT: lazy_gettext("Statement that you have stopped working"),
    Document.NO_LONGER_WORKING_STATEMENT: lazy_gettext(
        "Statement that you no longer work in Indonesia"
    ),
    Document.DOCTOR_DISABILITY_STATEMENT: lazy_gettext(
        "Statement of total permanent disability from the examining or adviser doctor"
    ),
    Document.DEATH_CERTIFICATE: lazy_gettext("Death certificate from a doctor or official"),
    Document.DEATH_CERTIFICATE_ABROAD: lazy_gettext(
        "Death certificate from a doctor or official, from the Indonesian mission (Perwakilan "
        "RI) or KDEI, or a missing-person letter from Perwakilan RI or KDEI"
    ),
    Document.HEIR_CERTIFICATE: lazy_gettext("Heir certificate from an official, or a court ruling"),
    Document.HEIR_KTP: lazy_gettext("e-KTP or other ID of the heir"),
    Document.HEIR_SAVINGS_ACCOUNT: lazy_gettext("Savings account in the heir's name"),
    Document.OWN_SAVINGS_ACCOUNT: lazy_gettext("Savings account in your own name"),
    Document.LEAVE_LETTER: lazy_gettext(
        "If the worker died while on leave in Indonesia: the leave letter from the employer, "
        "the agency, Perwakilan RI or KDEI"
    ),
    Document.MARRIAGE_BOOK: lazy_gettext("Marriage book, if the heir is the spouse"),
    Document.WORK_REFERENCE_LETTER: lazy_gettext("Work reference letter (paklaring)"),
    Document.EMPLOYMENT_STATUS_LETTER: lazy_gettext(
        "Letter confirming you still work there, or that your work has stopped"
    ),
    Document.PARTNER_BANK_DOCUMENTS: lazy_gettext(
        "Home-loan documents from a partner bank (loan agreement or credit offer, standing "
        "instruction)"
    ),
    Document.PARTNER_BANK_SAVINGS_BOOK: lazy_gettext("Savings book at the partner bank"),
    Document.PROPERTY_DEED: lazy_gettext(
        "For a cash purchase: the sale agreement (PPJB) or deed (AJB)"
    ),
    Document.KAPK: lazy_gettext("Signed job-search commitment (KAPK), done on SIAPkerja"),
    Document.BANK_ACCOUNT: lazy_gettext("Bank account in your own name"),
    Document.SCHOLARSHIP_CLAIM_FORM: lazy_gettext("Scholarship claim form"),
    Document.CHILD_BIRTH_CERTIFICATE: lazy_gettext("The child's birth certificate"),
    Document.SCHOOL_LETTER: lazy_gettext(
        "Letter confirming the child is still at school or university"
    ),
    Document.REPORT_CARD: lazy_gettext("The child's latest report card or transcript"),
    Document.GUARDIAN_SAVINGS_ACCOUNT: lazy_gettext("Savings account of the child or guardian"),
    Document.GUARDIAN_ID: lazy_gettext("The guardian's ID"),
    Document.EMPLOYER_ACCIDENT_REPORT: lazy_gettext(
        "The employer's accident reports to BPJS (forms 3 KK1 and 3a KK2, with the doctor's "
        "form 3b KK3)"
    ),
    Document.ATTENDANCE_RECORD: lazy_gettext("Attendance record for the month of the accident"),
    Document.ACCIDENT_CHRONOLOGY: lazy_gettext("Account of how the accident happened"),
    Document.DUTY_LETTER: lazy_gettext("Overtime order, shift list or duty letter, if any"),
    Document.POLICE_REPORT: lazy_gettext(
        "For a road accident: police report or Jasa Raharja guarantee letter"
    ),
    Document.MEDICAL_RECEIPTS: lazy_gettext(
        "Original medical receipts and itemised bills, if the hospital is not a BPJS partner"
    ),
    Document.INCIDENT_FORM: lazy_gettext("Incident report form"),
    Document.MISSION_LETTER: lazy_gettext(
        "Letter from the employer, the Indonesian mission (Perwakilan RI), KDEI or the labour "
        "office"
    ),
    Document.FOREIGN_HOSPITAL_PAPERS: lazy_gettext(
        "Diagnosis or medical summary from the hospital abroad"
    ),
    Document.TRANSPORT_RECEIPTS: lazy_gettext("Transport receipts"),
    Document.PAYER_SAVINGS_ACCOUNT: lazy_gettext(
        "Savings account of the worker, or of whoever paid the costs"
    ),
    Document.FOREIGN_INSURANCE_STATEMENT: lazy_gettext(
        "If costs exceeded the foreign insurance limit: the insurer's or mission's statement "
        "and the hospital receipts"
    ),
    Document.JP_FORM_7: lazy_gettext("JP claim form (Form 7)"),
}

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


def name(document: Document) -> str:
    """Return a document's name in the current language."""
    return str(NAMES[document])
