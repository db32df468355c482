"""Document codes and their names: every document a claim may need.

Codes are stable (the HTTP API returns them); names are in the catalogs. Which of them each
claim needs is `dialogues.rules.claim_documents`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from babel.support import LazyProxy

from dialogues.i18n import lazy_gettext


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


def name(document: Document) -> str:
    """Return a document's name in the current language."""
    return str(NAMES[document])
