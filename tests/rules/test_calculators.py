"""Calculators: PP 44/2015, 45/2015, 46/2015, PP 6/2025, Permenaker 4/2023 art. 18, PP 68/2009."""

from __future__ import annotations

import pytest

from dialogues.errors import InvalidFact
from dialogues.rules.calculators import (
    JP_WAGE_CAP,
    PMI_JHT_AMOUNTS,
    RiskLevel,
    informal_worker_contributions,
    jht_tax,
    jkp_benefit,
    migrant_worker_contributions,
    percent_of,
    wage_earner_contributions,
)
from dialogues.rules.caveats import Caveat
from nlu import Program


def test_money_is_whole_rupiah_rounded_half_up() -> None:
    assert percent_of(3_333_333, 200) == 66_667  # 66.666,66
    assert percent_of(3_333_333, 370) == 123_333  # 123.333,32
    assert percent_of(50, 100) == 1  # 0,50 rounds up
    assert percent_of(49, 100) == 0
    assert isinstance(percent_of(1_234_567, 24), int)


def test_pp_46_2015_pp_44_2015_pp_45_2015_wage_earner_contributions() -> None:
    result = wage_earner_contributions(5_000_000, risk=RiskLevel.VERY_LOW)
    jht, jkk, jkm, jp, jkp = result.lines
    assert (jht.program, jht.worker, jht.employer) == (Program.JHT, 100_000, 185_000)
    assert (jkk.program, jkk.worker, jkk.employer) == (Program.JKK, 0, 12_000)
    assert (jkm.program, jkm.worker, jkm.employer) == (Program.JKM, 0, 15_000)
    assert (jp.program, jp.worker, jp.employer) == (Program.JP, 50_000, 100_000)
    assert (jkp.program, jkp.worker, jkp.employer, jkp.government) == (Program.JKP, 0, 0, 11_000)
    assert result.worker == 150_000
    assert result.employer == 312_000
    assert result.total == 473_000
    assert result.caveats == (Caveat.JKM_RATE,)


@pytest.mark.parametrize(
    ("risk", "amount"),
    [
        (RiskLevel.VERY_LOW, 24_000),
        (RiskLevel.LOW, 54_000),
        (RiskLevel.MEDIUM, 89_000),
        (RiskLevel.HIGH, 127_000),
        (RiskLevel.VERY_HIGH, 174_000),
    ],
)
def test_pp_44_2015_jkk_by_risk_level(risk: RiskLevel, amount: int) -> None:
    line = wage_earner_contributions(10_000_000, risk=risk).line(Program.JKK)
    assert line is not None and line.employer == amount and line.worker == 0


def test_pp_45_2015_art_29_jp_wage_cap_from_march_2024() -> None:
    assert JP_WAGE_CAP == 10_042_300
    result = wage_earner_contributions(12_000_000, risk=RiskLevel.LOW)
    jp = result.line(Program.JP)
    assert jp is not None
    assert (jp.base, jp.worker, jp.employer) == (10_042_300, 100_423, 200_846)
    jht = result.line(Program.JHT)
    assert jht is not None and jht.base == 12_000_000  # JHT has no cap
    jkp = result.line(Program.JKP)
    assert jkp is not None and jkp.base == 5_000_000
    assert Caveat.JP_WAGE_CAP in result.caveats


def test_pp_45_2015_small_business_without_jp_or_jkp() -> None:
    result = wage_earner_contributions(4_000_000, risk=RiskLevel.LOW, with_jp=False, with_jkp=False)
    assert [line.program for line in result.lines] == [Program.JHT, Program.JKK, Program.JKM]
    assert result.line(Program.JP) is None
    assert Caveat.JP_SMALL_BUSINESS in result.caveats


def test_bpu_informal_worker_contributions() -> None:
    result = informal_worker_contributions(2_000_000)
    amounts = {line.program: line.worker for line in result.lines}
    assert amounts == {Program.JKK: 20_000, Program.JKM: 6_800, Program.JHT: 40_000}
    assert result.employer == 0
    assert result.total == 66_800
    assert result.caveats == (Caveat.BPU_JKK_BOUNDS,)
    assert informal_worker_contributions(2_000_000, with_jht=False).total == 26_800


@pytest.mark.parametrize(
    ("months", "amount", "uncertain"),
    [
        (6, 108_000, False),
        (12, 189_000, False),
        (24, 332_500, False),
        (25, 346_000, False),
        (36, 494_500, False),
        (18, 270_000, True),
        (8, 135_000, True),
        (3, 108_000, True),
    ],
)
def test_permenaker_4_2023_art_18_migrant_worker_jkk_jkm_by_contract_length(
    months: int, amount: int, uncertain: bool
) -> None:
    result = migrant_worker_contributions(months, agency=False)
    assert result.pre_placement == 0
    assert result.during_and_after == amount
    assert result.jkk_jkm == amount
    assert (Caveat.PMI_CONTRACT_LENGTH in result.caveats) is uncertain


def test_permenaker_4_2023_art_18_agency_route_pays_pre_placement_first() -> None:
    result = migrant_worker_contributions(24, agency=True)
    assert result.pre_placement == 37_500
    assert result.jkk_jkm == 370_000  # "benefits up, premium unchanged"
    assert result.total == 370_000


def test_permenaker_4_2023_optional_jht_amounts() -> None:
    assert PMI_JHT_AMOUNTS == (50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000)
    result = migrant_worker_contributions(24, agency=True, jht_monthly=100_000)
    assert result.jht_total == 2_400_000
    assert result.total == 2_770_000
    with pytest.raises(InvalidFact) as error:
        migrant_worker_contributions(24, agency=True, jht_monthly=75_000)
    assert error.value.field == "jht_monthly"


@pytest.mark.parametrize("months", [0, -1, 121])
def test_permenaker_4_2023_contract_length_must_be_possible(months: int) -> None:
    with pytest.raises(InvalidFact) as error:
        migrant_worker_contributions(months, agency=False)
    assert error.value.field == "contract_months"


@pytest.mark.parametrize(
    ("wage", "used", "monthly", "total"),
    [
        (4_000_000, 4_000_000, 2_400_000, 14_400_000),
        (5_000_000, 5_000_000, 3_000_000, 18_000_000),
        (8_000_000, 5_000_000, 3_000_000, 18_000_000),
        (3_333_333, 3_333_333, 2_000_000, 12_000_000),
        (0, 0, 0, 0),
    ],
)
def test_pp_6_2025_art_21_jkp_benefit_60_percent_of_capped_wage(
    wage: int, used: int, monthly: int, total: int
) -> None:
    benefit = jkp_benefit(wage)
    assert (benefit.wage_used, benefit.monthly, benefit.months, benefit.total) == (
        used,
        monthly,
        6,
        total,
    )


@pytest.mark.parametrize(
    ("amount", "tax"),
    [
        (10_000_000, 0),
        (50_000_000, 0),
        (50_000_020, 1),
        (60_000_000, 500_000),
        (150_000_000, 5_000_000),
    ],
)
def test_pp_68_2009_jht_lump_sum_tax(amount: int, tax: int) -> None:
    result = jht_tax(amount)
    assert result.tax == tax
    assert result.net == amount - tax
    assert result.caveats == ()


def test_pp_68_2009_payments_within_two_years_count_as_one() -> None:
    assert jht_tax(20_000_000, earlier_payments=40_000_000).tax == 500_000
    assert jht_tax(10_000_000, earlier_payments=60_000_000).tax == 500_000


def test_pp_68_2009_partial_withdrawal_tax_is_uncertain() -> None:
    assert jht_tax(5_000_000, partial=True).caveats == (Caveat.PARTIAL_JHT_TAX,)


@pytest.mark.parametrize(
    "call",
    [
        lambda: wage_earner_contributions(-1, risk=RiskLevel.LOW),
        lambda: informal_worker_contributions(-1),
        lambda: jkp_benefit(-1),
        lambda: jht_tax(-1),
    ],
)
def test_negative_money_is_refused(call: object) -> None:
    with pytest.raises(InvalidFact):
        call()  # type: ignore[operator]
