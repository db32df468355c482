"""Reason codes: why a decision came out as it did, each explained in both languages.

The codes are stable (the HTTP API returns them); the explanations live in the catalogs and
are rendered in the language of the update being handled. A decision that grants a claim
carries the code of the ground it was granted on; one that refuses carries every criterion
that failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from babel.support import LazyProxy

from dialogues.i18n import lazy_gettext


class Reason(StrEnum):
    """Every reason code a decision can carry."""

    # JHT
    AGE_REACHED = "age_reached"
    AGE_NOT_REACHED = "age_not_reached"
    RETIREMENT_AGE_REACHED = "retirement_age_reached"
    WAITING_PERIOD = "waiting_period"
    WAITING_PERIOD_OVER = "waiting_period_over"
    WORK_STOPPED = "work_stopped"
    LEAVING_INDONESIA = "leaving_indonesia"
    NOT_FOR_CITIZENS = "not_for_citizens"
    TOTAL_DISABILITY = "total_disability"
    HEIRS_CLAIM = "heirs_claim"
    PARTIAL_ALLOWED = "partial_allowed"
    MEMBERSHIP_TOO_SHORT = "membership_too_short"
    PARTIAL_ALREADY_TAKEN = "partial_already_taken"
    PMI_NO_JHT = "pmi_no_jht"
    # JKP
    DISMISSAL_QUALIFIES = "dismissal_qualifies"
    NOT_A_DISMISSAL = "not_a_dismissal"
    NOT_YET_TERMINATED = "not_yet_terminated"
    CONTRIBUTIONS_TOO_FEW = "contributions_too_few"
    CONSECUTIVE_MONTHS_TOO_FEW = "consecutive_months_too_few"
    CLAIM_WINDOW_CLOSED = "claim_window_closed"
    NOT_WILLING_TO_WORK = "not_willing_to_work"
    EMPLOYED_AGAIN = "employed_again"
    # JKM
    DEATH_COVERED = "death_covered"
    USE_JKK = "use_jkk"
    SCHOLARSHIP_QUALIFIES = "scholarship_qualifies"
    SCHOLARSHIP_CONTRIBUTIONS_TOO_FEW = "scholarship_contributions_too_few"
    # JKM and JKK
    MEMBERSHIP_INACTIVE = "membership_inactive"
    # JKK
    ACCIDENT_COVERED = "accident_covered"
    NOT_WORK_RELATED = "not_work_related"
    # JP
    PENSION_QUALIFIES = "pension_qualifies"
    PENSION_AGE_NOT_REACHED = "pension_age_not_reached"
    LUMP_SUM_ONLY = "lump_sum_only"


EXPLANATIONS: Mapping[Reason, LazyProxy] = {
    Reason.AGE_REACHED: lazy_gettext(
        "You have reached 56, the JHT age, so you can claim all of your JHT."
    ),
    Reason.AGE_NOT_REACHED: lazy_gettext(
        "You have not reached 56, the JHT age, yet. You can claim from your 56th birthday."
    ),
    Reason.RETIREMENT_AGE_REACHED: lazy_gettext(
        "You have reached the retirement age set in your work contract, company rules or "
        "collective agreement, so you can claim all of your JHT."
    ),
    Reason.WAITING_PERIOD: lazy_gettext(
        "After a resignation or a dismissal (PHK) you must wait one month from your last day "
        "of work before claiming JHT."
    ),
    Reason.WAITING_PERIOD_OVER: lazy_gettext(
        "The one-month wait after your last day of work is over, so you can claim all of your JHT."
    ),
    Reason.WORK_STOPPED: lazy_gettext(
        "Your work has stopped (your fixed-term contract ended, or you stopped working as an "
        "informal worker), so you can claim all of your JHT."
    ),
    Reason.LEAVING_INDONESIA: lazy_gettext(
        "As a foreign national leaving Indonesia for good, you can claim all of your JHT, "
        "before or after you leave."
    ),
    Reason.NOT_FOR_CITIZENS: lazy_gettext(
        "Claiming JHT for leaving Indonesia for good is only for foreign nationals. As an "
        "Indonesian citizen you can claim on one of the other grounds: age 56, the end of "
        "your work (after the one-month wait), total permanent disability, or a partial "
        "claim after 10 years of membership."
    ),
    Reason.TOTAL_DISABILITY: lazy_gettext(
        "Total permanent disability lets you claim all of your JHT before the JHT age."
    ),
    Reason.HEIRS_CLAIM: lazy_gettext(
        "When a participant dies, the heirs can claim all of the JHT: first the widow, widower "
        "or children, then other family in the order the regulation sets."
    ),
    Reason.PARTIAL_ALLOWED: lazy_gettext(
        "With at least 10 years of membership you may take part of your JHT once while still a "
        "member: up to 10% to prepare for retirement, or up to 30% for a home."
    ),
    Reason.MEMBERSHIP_TOO_SHORT: lazy_gettext(
        "A partial JHT claim needs at least 10 years of membership."
    ),
    Reason.PARTIAL_ALREADY_TAKEN: lazy_gettext(
        "A partial JHT claim (10% or 30%) can be made only once while you are a member, and "
        "you have already made one."
    ),
    Reason.PMI_NO_JHT: lazy_gettext(
        "For migrant workers JHT is optional, and you did not join it, so there is no JHT "
        "balance to claim. You are still covered by JKK (work accidents and occupational "
        "diseases) and JKM (death benefit for your heirs)."
    ),
    Reason.DISMISSAL_QUALIFIES: lazy_gettext(
        "You were dismissed (PHK), paid enough contributions, are within the claim window and "
        "ready to work again, so you can claim JKP."
    ),
    Reason.NOT_A_DISMISSAL: lazy_gettext(
        "JKP is only for workers who were dismissed (PHK). Resigning, retiring, total "
        "disability, death, or a fixed-term contract ending on its date do not qualify. "
        "Your JHT may be claimable instead."
    ),
    Reason.NOT_YET_TERMINATED: lazy_gettext(
        "Your employment has not ended yet. A JKP claim can be made from the day of the dismissal."
    ),
    Reason.CONTRIBUTIONS_TOO_FEW: lazy_gettext(
        "JKP needs at least 12 months of contributions in the last 24 months."
    ),
    Reason.CONSECUTIVE_MONTHS_TOO_FEW: lazy_gettext(
        "JKP needs at least 6 months of contributions in a row just before the dismissal."
    ),
    Reason.CLAIM_WINDOW_CLOSED: lazy_gettext(
        "A JKP claim must be made within 6 months of the dismissal, and that time has passed."
    ),
    Reason.NOT_WILLING_TO_WORK: lazy_gettext(
        "JKP is for workers who want to work again: you sign a job-search commitment (KAPK) "
        "and look for work every month."
    ),
    Reason.EMPLOYED_AGAIN: lazy_gettext(
        "JKP stops once you work again for an employer, so it can't be claimed now."
    ),
    Reason.DEATH_COVERED: lazy_gettext(
        "The participant died while a member, not from a work accident, so the heirs can claim JKM."
    ),
    Reason.USE_JKK: lazy_gettext(
        "A death from a work accident or an occupational disease is paid by JKK, not JKM, "
        "with larger benefits. The heirs should claim JKK."
    ),
    Reason.SCHOLARSHIP_QUALIFIES: lazy_gettext(
        "With at least 3 years of contributions, up to 2 children can get the education "
        "scholarship."
    ),
    Reason.SCHOLARSHIP_CONTRIBUTIONS_TOO_FEW: lazy_gettext(
        "The children's scholarship from JKM needs at least 3 years of contributions, so it "
        "can't be paid in this case."
    ),
    Reason.MEMBERSHIP_INACTIVE: lazy_gettext(
        "The benefit is paid only for events that happen while the membership is active "
        "(contributions paid up)."
    ),
    Reason.ACCIDENT_COVERED: lazy_gettext(
        "Accidents at work, on the way to or from work, and diseases caused by the work are "
        "covered by JKK while the membership is active."
    ),
    Reason.NOT_WORK_RELATED: lazy_gettext(
        "JKK covers only accidents at work, on the way to or from work, and diseases caused by "
        "the work. An accident outside work is not covered by JKK; if the participant died, "
        "the heirs may claim JKM."
    ),
    Reason.PENSION_QUALIFIES: lazy_gettext(
        "You have reached the pension age with at least 15 years (180 months) of "
        "contributions, so you can claim the monthly JP pension."
    ),
    Reason.PENSION_AGE_NOT_REACHED: lazy_gettext(
        "You have not reached the JP pension age yet: 59 from 2025, rising by one year every "
        "three years (60 in 2028) up to 65."
    ),
    Reason.LUMP_SUM_ONLY: lazy_gettext(
        "A monthly pension needs at least 15 years (180 months) of contributions. With fewer "
        "months at pension age, JP pays your contributions and their returns as one lump sum."
    ),
}


def explain(reason: Reason) -> str:
    """Return the explanation of a reason code in the current language."""
    return str(EXPLANATIONS[reason])
