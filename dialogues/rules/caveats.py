"""Caveats: figures and rules that `facts.md` marks uncertain (⚠️) or conflicting (❗).

A decision or a calculation carries the caveats of what it rests on, so the bot can say the
point is not confirmed and point to the official channel (Care Center 175, a branch office)
instead of presenting a guess as fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from babel.support import LazyProxy

from dialogues.i18n import lazy_gettext


class Caveat(StrEnum):
    """Every uncertain point a decision or calculation may rest on."""

    JHT_PKWT_DOCUMENTS = "jht_pkwt_documents"
    JHT_BPU_DOCUMENTS = "jht_bpu_documents"
    JHT_LEAVING_DOCUMENTS = "jht_leaving_documents"
    JHT_PMI_REASONS = "jht_pmi_reasons"
    LEAP_DAY_BIRTHDAY = "leap_day_birthday"
    JKP_PP_6_2025_DETAILS = "jkp_pp_6_2025_details"
    JKP_AGE_LIMIT = "jkp_age_limit"
    JKK_DOCUMENTS = "jkk_documents"
    JP_LUMP_SUM_SOURCE = "jp_lump_sum_source"
    JKM_RATE = "jkm_rate"
    JP_WAGE_CAP = "jp_wage_cap"
    JP_SMALL_BUSINESS = "jp_small_business"
    BPU_JKK_BOUNDS = "bpu_jkk_bounds"
    PMI_CONTRACT_LENGTH = "pmi_contract_length"
    PARTIAL_JHT_TAX = "partial_jht_tax"


EXPLANATIONS: Mapping[Caveat, LazyProxy] = {
    Caveat.JHT_PKWT_DOCUMENTS: lazy_gettext(
        "The documents for a claim after a fixed-term contract (PKWT) ends are not confirmed: "
        "please check the list with BPJS Ketenagakerjaan before you go."
    ),
    Caveat.JHT_BPU_DOCUMENTS: lazy_gettext(
        "The documents for a claim after an informal worker (BPU) stops working are not "
        "confirmed: please check the list with BPJS Ketenagakerjaan before you go."
    ),
    Caveat.JHT_LEAVING_DOCUMENTS: lazy_gettext(
        "The documents for leaving Indonesia for good come from Permenaker 2/2022; it is not "
        "confirmed that Permenaker 4/2022 kept them."
    ),
    Caveat.JHT_PMI_REASONS: lazy_gettext(
        "For migrant workers, the JHT claim grounds confirmed in Permenaker 4/2023 are death, "
        "total permanent disability and age 56; other grounds are not confirmed."
    ),
    Caveat.LEAP_DAY_BIRTHDAY: lazy_gettext(
        "You were born on 29 February: we count your birthday as 28 February in other years. "
        "BPJS Ketenagakerjaan may count it as 1 March."
    ),
    Caveat.JKP_PP_6_2025_DETAILS: lazy_gettext(
        "PP 6/2025 changed which proof of dismissal is accepted and other JKP conditions; the "
        "exact text was not available to us."
    ),
    Caveat.JKP_AGE_LIMIT: lazy_gettext(
        "JKP may have an age limit (under 54 when registered); this is not confirmed."
    ),
    Caveat.JKK_DOCUMENTS: lazy_gettext(
        "The JKK document list comes from older branch checklists; the current forms may differ."
    ),
    Caveat.JP_LUMP_SUM_SOURCE: lazy_gettext(
        "The lump-sum rule for fewer than 15 years of JP contributions was read in a copy of "
        "the regulation, not the official text."
    ),
    Caveat.JKM_RATE: lazy_gettext(
        "The JKM rate is shown as 0.30% of wages; the rate in force since PP 6/2025 changed "
        "JKP funding is not confirmed."
    ),
    Caveat.JP_WAGE_CAP: lazy_gettext(
        "The JP wage cap used is Rp10.042.300 (from March 2024); the cap is raised every year "
        "and the newer figure is not confirmed."
    ),
    Caveat.JP_SMALL_BUSINESS: lazy_gettext(
        "Micro and small businesses may enrol only JKK, JKM and JHT, without JP; this is not "
        "confirmed."
    ),
    Caveat.BPU_JKK_BOUNDS: lazy_gettext(
        "One source gives a minimum of Rp10.000 and a maximum of Rp207.000 for the informal "
        "worker JKK contribution; this is not confirmed."
    ),
    Caveat.PMI_CONTRACT_LENGTH: lazy_gettext(
        "The regulation sets amounts for 6, 12 and 24-month contracts plus Rp13.500 for each "
        "month beyond; for other lengths the amount is our reading of the rule."
    ),
    Caveat.PARTIAL_JHT_TAX: lazy_gettext(
        "Whether a partial JHT withdrawal while still working is taxed at the normal rates "
        "instead is not confirmed."
    ),
}


def explain(caveat: Caveat) -> str:
    """Return the explanation of a caveat in the current language."""
    return str(EXPLANATIONS[caveat])
