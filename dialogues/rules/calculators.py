"""Calculators: contributions per segment, the JKP benefit and the tax on a JHT lump sum.

Money is whole rupiah (`int`), never float; rates are kept in basis points (hundredths of a
percent) and every percentage is rounded half up to the rupiah. Each result carries the
`Caveat`s of the figures facts.md marks uncertain. Sources:

- Wage earners (PU): JHT 2% worker + 3.7% employer (PP 46/2015); JKK 0.24-1.74% by risk
  level, employer; JKM 0.30%, employer (PP 44/2015); JP 1% worker + 2% employer on the wage
  capped at Rp10.042.300 from March 2024 (PP 45/2015 art. 28-29); JKP 0.36% of the wage
  capped at Rp5.000.000, from the government (0.22%) and out of JKK (0.14%), no extra
  deduction (PP 6/2025).
- Informal workers (BPU): JKK 1% of reported income, JKM Rp6.800 a month, JHT 2%.
- Migrant workers (PMI, Permenaker 4/2023 art. 18): JKK+JKM Rp37.500 before placement (agency
  route only), then Rp108.000 / Rp189.000 / Rp332.500 for a 6 / 12 / 24-month contract plus
  Rp13.500 per month beyond; optional JHT of Rp50.000-600.000 a month.
- JKP benefit (PP 6/2025): 60% of the last reported wage, capped at Rp5.000.000, for up to
  6 months.
- JHT paid at once (PP 68/2009): final tax 0% up to Rp50.000.000, 5% on the part above;
  payments within 2 calendar years count as one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from dialogues.errors import InvalidFact
from dialogues.rules.caveats import Caveat
from nlu import Program


class RiskLevel(StrEnum):
    """The JKK risk level of a workplace."""

    VERY_LOW = "very_low"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


JHT_WORKER_BP = 200
JHT_EMPLOYER_BP = 370
JKK_EMPLOYER_BP: Mapping[RiskLevel, int] = {
    RiskLevel.VERY_LOW: 24,
    RiskLevel.LOW: 54,
    RiskLevel.MEDIUM: 89,
    RiskLevel.HIGH: 127,
    RiskLevel.VERY_HIGH: 174,
}
JKM_EMPLOYER_BP = 30
JP_WORKER_BP = 100
JP_EMPLOYER_BP = 200
JP_WAGE_CAP = 10_042_300
"""The JP wage cap from March 2024 (⚠️ a newer cap is not confirmed)."""
JKP_GOVERNMENT_BP = 22
JKP_WAGE_CAP = 5_000_000
BPU_JKK_BP = 100
BPU_JKM = 6_800
BPU_JHT_BP = 200
PMI_PRE_PLACEMENT = 37_500
PMI_TIERS: Mapping[int, int] = {6: 108_000, 12: 189_000, 24: 332_500}
PMI_EXTRA_MONTH = 13_500
PMI_JHT_AMOUNTS = (50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000)
MAX_CONTRACT_MONTHS = 120
JKP_BENEFIT_PERCENT = 60
JKP_BENEFIT_MONTHS = 6
JHT_TAX_FREE = 50_000_000
JHT_TAX_BP = 500


def percent_of(amount: int, basis_points: int) -> int:
    """Return `basis_points`/10000 of `amount` in whole rupiah, rounded half up."""
    return (amount * basis_points + 5_000) // 10_000


def _not_negative(field: str, amount: int) -> int:
    """Refuse a negative amount of money, naming the field."""
    if amount < 0:
        raise InvalidFact(field, "can't be negative")
    return amount


@dataclass(frozen=True, slots=True)
class ContributionLine:
    """One program's monthly contribution: the base it is reckoned on and who pays what."""

    program: Program
    base: int
    worker: int
    employer: int
    government: int = 0

    @property
    def total(self) -> int:
        """Everything paid in for this program."""
        return self.worker + self.employer + self.government


@dataclass(frozen=True, slots=True)
class Contributions:
    """Monthly contributions, program by program, with the caveats of uncertain figures."""

    lines: tuple[ContributionLine, ...]
    caveats: tuple[Caveat, ...] = ()

    @property
    def worker(self) -> int:
        """What the worker pays (deducted from the wage, or paid themselves)."""
        return sum(line.worker for line in self.lines)

    @property
    def employer(self) -> int:
        """What the employer pays on top of the wage."""
        return sum(line.employer for line in self.lines)

    @property
    def total(self) -> int:
        """Everything paid in, including the government's share of JKP."""
        return sum(line.total for line in self.lines)

    def line(self, program: Program) -> ContributionLine | None:
        """Return one program's line, if it is included."""
        return next((line for line in self.lines if line.program == program), None)


def wage_earner_contributions(
    wage: int,
    *,
    risk: RiskLevel,
    with_jp: bool = True,
    with_jkp: bool = True,
    jp_wage_cap: int = JP_WAGE_CAP,
) -> Contributions:
    """Return a wage earner's monthly contributions (PU): JHT, JKK, JKM, JP, JKP.

    `with_jp=False` for micro and small businesses that enrol only JKK, JKM and JHT;
    `with_jkp=False` for a worker not in JKP (e.g. a foreign national).
    """
    _not_negative("wage", wage)
    jp_base = min(wage, jp_wage_cap)
    jkp_base = min(wage, JKP_WAGE_CAP)
    lines = [
        ContributionLine(
            Program.JHT, wage, percent_of(wage, JHT_WORKER_BP), percent_of(wage, JHT_EMPLOYER_BP)
        ),
        ContributionLine(Program.JKK, wage, 0, percent_of(wage, JKK_EMPLOYER_BP[risk])),
        ContributionLine(Program.JKM, wage, 0, percent_of(wage, JKM_EMPLOYER_BP)),
    ]
    if with_jp:
        lines.append(
            ContributionLine(
                Program.JP,
                jp_base,
                percent_of(jp_base, JP_WORKER_BP),
                percent_of(jp_base, JP_EMPLOYER_BP),
            )
        )
    if with_jkp:
        lines.append(
            ContributionLine(
                Program.JKP, jkp_base, 0, 0, government=percent_of(jkp_base, JKP_GOVERNMENT_BP)
            )
        )
    caveats = [Caveat.JKM_RATE]
    if with_jp and wage > jp_wage_cap:
        caveats.append(Caveat.JP_WAGE_CAP)
    if not with_jp:
        caveats.append(Caveat.JP_SMALL_BUSINESS)
    return Contributions(tuple(lines), tuple(caveats))


def informal_worker_contributions(income: int, *, with_jht: bool = True) -> Contributions:
    """Return an informal worker's (BPU) monthly contributions, all paid by the worker."""
    _not_negative("income", income)
    lines = [
        ContributionLine(Program.JKK, income, percent_of(income, BPU_JKK_BP), 0),
        ContributionLine(Program.JKM, 0, BPU_JKM, 0),
    ]
    if with_jht:
        lines.append(ContributionLine(Program.JHT, income, percent_of(income, BPU_JHT_BP), 0))
    return Contributions(tuple(lines), (Caveat.BPU_JKK_BOUNDS,))


@dataclass(frozen=True, slots=True)
class MigrantContributions:
    """A migrant worker's contributions for one contract, paid at once (not monthly)."""

    contract_months: int
    pre_placement: int
    during_and_after: int
    jht_monthly: int
    caveats: tuple[Caveat, ...] = ()

    @property
    def jkk_jkm(self) -> int:
        """JKK and JKM together: before placement plus during and after work."""
        return self.pre_placement + self.during_and_after

    @property
    def jht_total(self) -> int:
        """The optional JHT over the whole contract."""
        return self.jht_monthly * self.contract_months

    @property
    def total(self) -> int:
        """Everything paid for the contract."""
        return self.jkk_jkm + self.jht_total


def migrant_during_and_after(contract_months: int) -> tuple[int, bool]:
    """Return the JKK+JKM amount for during and after work, and whether it is our reading.

    Art. 18 gives 6, 12 and 24 months, and Rp13.500 for each month beyond "those lengths".
    We take the longest listed length not above the contract and add the extra months (18
    months = 189.000 + 6 x 13.500); a contract under 6 months pays the 6-month amount.
    Only lengths of exactly 6, 12 or 24 months, or more than 24, are certain.
    """
    if contract_months < 1 or contract_months > MAX_CONTRACT_MONTHS:
        raise InvalidFact("contract_months", f"must be between 1 and {MAX_CONTRACT_MONTHS}")
    listed = [months for months in PMI_TIERS if months <= contract_months]
    if not listed:
        return PMI_TIERS[min(PMI_TIERS)], True
    tier = max(listed)
    amount = PMI_TIERS[tier] + (contract_months - tier) * PMI_EXTRA_MONTH
    return amount, contract_months < max(PMI_TIERS) and contract_months not in PMI_TIERS


def migrant_worker_contributions(
    contract_months: int, *, agency: bool, jht_monthly: int = 0
) -> MigrantContributions:
    """Return a migrant worker's JKK+JKM for a contract, and the optional JHT (Permenaker 4/2023).

    `agency` is the placement-agency route (pre-placement Rp37.500 first); an individual PMI
    pays only the during-and-after amount. `jht_monthly` is 0 (not opted in) or one of
    `PMI_JHT_AMOUNTS`.
    """
    during_and_after, our_reading = migrant_during_and_after(contract_months)
    if jht_monthly != 0 and jht_monthly not in PMI_JHT_AMOUNTS:
        raise InvalidFact("jht_monthly", "must be 0 or one of the amounts the regulation lists")
    return MigrantContributions(
        contract_months=contract_months,
        pre_placement=PMI_PRE_PLACEMENT if agency else 0,
        during_and_after=during_and_after,
        jht_monthly=jht_monthly,
        caveats=(Caveat.PMI_CONTRACT_LENGTH,) if our_reading else (),
    )


@dataclass(frozen=True, slots=True)
class JkpBenefit:
    """The JKP cash benefit: the wage it is reckoned on, the monthly amount and the months."""

    wage_used: int
    monthly: int
    months: int

    @property
    def total(self) -> int:
        """The most paid over all the months."""
        return self.monthly * self.months


def jkp_benefit(last_wage: int) -> JkpBenefit:
    """Return the JKP benefit: 60% of the last reported wage capped at Rp5.000.000 (PP 6/2025)."""
    wage_used = min(_not_negative("last_wage", last_wage), JKP_WAGE_CAP)
    monthly = percent_of(wage_used, JKP_BENEFIT_PERCENT * 100)
    return JkpBenefit(wage_used=wage_used, monthly=monthly, months=JKP_BENEFIT_MONTHS)


@dataclass(frozen=True, slots=True)
class JhtTax:
    """The final income tax on a JHT paid at once (PP 68/2009)."""

    gross: int
    tax: int
    caveats: tuple[Caveat, ...] = ()

    @property
    def net(self) -> int:
        """What is paid out after the tax."""
        return self.gross - self.tax


def _tax_on(total: int) -> int:
    """Return the PP 68/2009 tax on a total paid at once."""
    return percent_of(max(0, total - JHT_TAX_FREE), JHT_TAX_BP)


def jht_tax(amount: int, *, earlier_payments: int = 0, partial: bool = False) -> JhtTax:
    """Return the tax on a JHT lump sum: 0% up to Rp50.000.000, 5% on the part above.

    `earlier_payments` are JHT payments in the same 2 calendar years, which count as one
    payment with this one; `partial` marks a 10%/30% withdrawal while still working, whose
    tax treatment is uncertain.
    """
    _not_negative("amount", amount)
    _not_negative("earlier_payments", earlier_payments)
    tax = _tax_on(earlier_payments + amount) - _tax_on(earlier_payments)
    return JhtTax(gross=amount, tax=tax, caveats=(Caveat.PARTIAL_JHT_TAX,) if partial else ())
