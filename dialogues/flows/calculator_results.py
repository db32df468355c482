"""The calculators' results in plain words, with the figures as `custom` data.

Amounts are whole rupiah written `Rp1.234.567` in both languages (`rules.money`); rates are
written as people read them (`5,7%` in Indonesian, `5.7%` in English). The figures come
from `rules.calculators`, and what facts.md marks uncertain is said, with the official
channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from dialogues.flows.base import button
from dialogues.flows.calculator_questions import INTENT, QUESTIONS, Calc
from dialogues.flows.walkthrough import Control
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.rules.calculators import (
    BPU_JHT_BP,
    BPU_JKK_BP,
    JHT_EMPLOYER_BP,
    JHT_TAX_FREE,
    JHT_WORKER_BP,
    JKK_EMPLOYER_BP,
    JKM_EMPLOYER_BP,
    JKP_BENEFIT_PERCENT,
    JKP_GOVERNMENT_BP,
    JKP_WAGE_CAP,
    JP_EMPLOYER_BP,
    JP_WORKER_BP,
    ContributionLine,
    Contributions,
    RiskLevel,
    informal_worker_contributions,
    jht_tax,
    jkp_benefit,
    migrant_worker_contributions,
    wage_earner_contributions,
)
from dialogues.rules.caveats import Caveat
from dialogues.rules.caveats import explain as explain_caveat
from dialogues.rules.money import format_rupiah as rp
from nlu import Intent, Language, Program


def rate(basis_points: int) -> str:
    """Return a rate as people read it: `5,7%` in Indonesian, `5.7%` in English."""
    text = f"{Decimal(basis_points) / 100:f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if current_language() == Language.ID else text) + "%"


def _lines(contributions: Contributions, *programs: Program) -> list[ContributionLine]:
    """Return the lines of these programs (the calculators always include them)."""
    lines = {line.program: line for line in contributions.lines}
    return [lines[program] for program in programs]


def _wage_earner(answers: Mapping[str, Any]) -> tuple[list[str], list[Caveat], dict[str, Any]]:
    wage, risk = int(answers["wage"]), RiskLevel(answers["risk"])
    c = wage_earner_contributions(wage, risk=risk)
    jht, jkk, jkm, jp, jkp = _lines(
        c, Program.JHT, Program.JKK, Program.JKM, Program.JP, Program.JKP
    )
    risk_label = next(
        str(o.label) for o in QUESTIONS[Calc.WAGE_EARNER][1].options if o.value == risk
    )
    lines = [
        _(
            "Monthly contributions on a wage of {wage} (JKK risk: {risk}):",
            wage=rp(wage),
            risk=risk_label,
        ),
        _(
            "• JHT {rate}: you {worker}, the employer {employer}",
            rate=rate(JHT_WORKER_BP + JHT_EMPLOYER_BP),
            worker=rp(jht.worker),
            employer=rp(jht.employer),
        ),
        _(
            "• JKK {rate}: the employer {employer}",
            rate=rate(JKK_EMPLOYER_BP[risk]),
            employer=rp(jkk.employer),
        ),
        _(
            "• JKM {rate}: the employer {employer}",
            rate=rate(JKM_EMPLOYER_BP),
            employer=rp(jkm.employer),
        ),
        _(
            "• JP {rate} of {base}: you {worker}, the employer {employer}",
            rate=rate(JP_WORKER_BP + JP_EMPLOYER_BP),
            base=rp(jp.base),
            worker=rp(jp.worker),
            employer=rp(jp.employer),
        ),
        _(
            "• JKP: nothing from you; the government pays {amount} ({rate} of the wage up to "
            "{cap})",
            amount=rp(jkp.government),
            rate=rate(JKP_GOVERNMENT_BP),
            cap=rp(JKP_WAGE_CAP),
        ),
        "",
        _(
            "In total you pay {worker} a month (taken from your wage) and the employer pays "
            "{employer}.",
            worker=rp(c.worker),
            employer=rp(c.employer),
        ),
    ]
    data = {
        "wage": wage,
        "risk": risk.value,
        "worker": c.worker,
        "employer": c.employer,
        "total": c.total,
    }
    return lines, list(c.caveats), data


def _migrant(answers: Mapping[str, Any]) -> tuple[list[str], list[Caveat], dict[str, Any]]:
    months, agency = int(answers["contract_months"]), bool(answers["agency"])
    m = migrant_worker_contributions(months, agency=agency, jht_monthly=int(answers["jht_monthly"]))
    if agency:
        lines = [
            _("Contributions for a {months}-month contract, through an agency:", months=months)
        ]
        lines.append(_("• Before placement, JKK and JKM: {amount}", amount=rp(m.pre_placement)))
    else:
        lines = [
            _(
                "Contributions for a {months}-month contract, as an individual migrant worker:",
                months=months,
            )
        ]
    lines.append(_("• During and after work, JKK and JKM: {amount}", amount=rp(m.during_and_after)))
    if m.jht_monthly:
        lines.append(
            _(
                "• JHT (optional): {monthly} a month × {months} months = {total}",
                monthly=rp(m.jht_monthly),
                months=months,
                total=rp(m.jht_total),
            )
        )
    else:
        lines.append(_("• JHT (optional): not joined, so no JHT balance"))
    lines += [
        "",
        _(
            "JKK and JKM together: {amount}, paid once. Everything together: {total}.",
            amount=rp(m.jkk_jkm),
            total=rp(m.total),
        ),
    ]
    data = {
        "contract_months": months,
        "agency": agency,
        "jkk_jkm": m.jkk_jkm,
        "jht_total": m.jht_total,
        "total": m.total,
    }
    return lines, list(m.caveats), data


def _informal(answers: Mapping[str, Any]) -> tuple[list[str], list[Caveat], dict[str, Any]]:
    income = int(answers["income"])
    c = informal_worker_contributions(income)
    jkk, jkm, jht = _lines(c, Program.JKK, Program.JKM, Program.JHT)
    lines = [
        _("Monthly contributions on a reported income of {income}:", income=rp(income)),
        _("• JKK {rate}: {amount}", rate=rate(BPU_JKK_BP), amount=rp(jkk.worker)),
        _("• JKM: {amount}", amount=rp(jkm.worker)),
        _("• JHT {rate}: {amount}", rate=rate(BPU_JHT_BP), amount=rp(jht.worker)),
        "",
        _(
            "You pay it yourself: {total} a month, or {without} without JHT.",
            total=rp(c.total),
            without=rp(c.total - jht.worker),
        ),
    ]
    return lines, list(c.caveats), {"income": income, "total": c.total}


def _jkp(answers: Mapping[str, Any]) -> tuple[list[str], list[Caveat], dict[str, Any]]:
    wage = int(answers["last_wage"])
    b = jkp_benefit(wage)
    lines = [
        _(
            "JKP pays {percent}% of your last reported wage, counted up to {cap}: {monthly} a "
            "month for up to {months} months, at most {total} in all.",
            percent=JKP_BENEFIT_PERCENT,
            cap=rp(JKP_WAGE_CAP),
            monthly=rp(b.monthly),
            months=b.months,
            total=rp(b.total),
        ),
    ]
    if wage > JKP_WAGE_CAP:
        lines.append(_("Your wage of {wage} counts as {cap}.", wage=rp(wage), cap=rp(JKP_WAGE_CAP)))
    lines.append(
        _(
            "Only if you can claim JKP: dismissed (PHK), at least 12 months of contributions in "
            "the last 24, and claimed within 6 months."
        )
    )
    return (
        lines,
        [],
        {"wage_used": b.wage_used, "monthly": b.monthly, "months": b.months, "total": b.total},
    )


def _tax(answers: Mapping[str, Any]) -> tuple[list[str], list[Caveat], dict[str, Any]]:
    amount = int(answers["amount"])
    t = jht_tax(amount)
    if t.tax == 0:
        lines = [
            _(
                "A JHT of {amount} paid at once is not above {free}: no tax.",
                amount=rp(amount),
                free=rp(JHT_TAX_FREE),
            )
        ]
    else:
        lines = [
            _(
                "Tax on a JHT of {amount} paid at once: the first {free} is free, 5% is taken on "
                "the rest. Tax: {tax}; you receive {net}.",
                amount=rp(amount),
                free=rp(JHT_TAX_FREE),
                tax=rp(t.tax),
                net=rp(t.net),
            )
        ]
    lines.append(
        _(
            "JHT payments within 2 calendar years count as one payment for the tax. BPJS asks for "
            "your NPWP when the balance is over Rp50.000.000."
        )
    )
    return lines, [Caveat.PARTIAL_JHT_TAX], {"amount": amount, "tax": t.tax, "net": t.net}


_CALCULATE = {
    Calc.WAGE_EARNER: _wage_earner,
    Calc.MIGRANT: _migrant,
    Calc.INFORMAL: _informal,
    Calc.JKP_BENEFIT: _jkp,
    Calc.JHT_TAX: _tax,
}


def _source(kind: Calc) -> str:
    sources = {
        Calc.WAGE_EARNER: _(
            "PP 46/2015 (JHT); PP 44/2015 as amended by PP 82/2019 (JKK, JKM); PP 45/2015 art. 28 "
            "(JP); PP 37/2021 as amended by PP 6/2025 (JKP)"
        ),
        Calc.MIGRANT: _("Permenaker 4/2023 art. 18"),
        Calc.INFORMAL: _("PP 44/2015 as amended by PP 82/2019; PP 46/2015"),
        Calc.JKP_BENEFIT: _("PP 37/2021 as amended by PP 6/2025"),
        Calc.JHT_TAX: _("PP 68/2009"),
    }
    return _("Source: {source}", source=sources[kind])


def calculate(kind: Calc, answers: Mapping[str, Any]) -> tuple[Reply, ...]:
    """Return the result of a calculator for the answers given."""
    lines, caveats, data = _CALCULATE[kind](answers)
    parts = ["\n".join(lines)]
    if caveats:
        notes = [_("⚠️ {caveat}", caveat=explain_caveat(c)) for c in caveats]
        notes.append(
            _(
                "Please check with Care Center 175 or www.bpjsketenagakerjaan.go.id before you "
                "act on it."
            )
        )
        parts.append("\n".join(notes))
    parts.append(_source(kind))
    entities: dict[str, Any] = {"calc": kind.value, "control": Control.RESTART.value}
    if kind == Calc.JKP_BENEFIT:
        entities["program"] = Program.JKP.value
    buttons = [button(_("🔄 Calculate again"), INTENT[kind], **entities)]
    if kind == Calc.JKP_BENEFIT:
        buttons.append(button(_("Can I claim JKP?"), Intent.CHECK_ELIGIBILITY, program="JKP"))
    buttons.append(button(_("Main menu"), Intent.HELP))
    custom = {"calculation": {"kind": kind.value, **data}}
    return (Reply("\n\n".join(parts), buttons=tuple(buttons), custom=custom),)
