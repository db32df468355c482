"""The eligibility rules, document lists and calculators of the five programs.

Pure functions over plain frozen values: no I/O, no framework, no clock (the caller passes
`as_of`; `today_in(tz, now)` gives the default, today in the user's time zone). The dialogue
walkthroughs and the HTTP API (`POST /api/v1/eligibility/{program}`) both call `decide`.
The contract is `../shared/domain/eligibility.md`; every figure comes from
`../shared/domain/facts.md`, and what it marks uncertain is carried as a `Caveat`.

Regulations followed:

- UU 40/2004 (SJSN) and UU 24/2011 (BPJS): the base laws.
- PP 46/2015 as amended by PP 60/2015: JHT (age 56, partial claims of 10% or 30% once after
  10 years of membership, art. 22).
- Permenaker 4/2022: JHT claim grounds a to k and their documents; the one-month wait after
  a resignation or dismissal.
- PP 44/2015 as amended by PP 82/2019: JKK and JKM (benefits, contribution rates).
- Permenaker 5/2021: JKK/JKM/JHT implementation, the children's scholarship (3 years of
  contributions for JKM).
- PP 45/2015: JP (pension age 56, 57 from 2019, +1 every 3 years up to 65; 15 years of
  contributions for a monthly pension; contributions and wage cap, art. 15, 28-29).
- PP 37/2021 as amended by PP 6/2025: JKP (dismissal only; 12 of the last 24 months with 6
  in a row; claim within 6 months; 60% of the wage capped at Rp5.000.000 for 6 months).
- Permenaker 15/2021: the JKP claim procedure.
- Permenaker 4/2023: social security of migrant workers (JKK and JKM mandatory, JHT optional;
  contributions art. 18; documents art. 50, 57, 60).
- PP 68/2009: final income tax on a JHT paid at once.

Modules: `facts` (the inputs), `common` (the decision, dates, time zones), one per program
(`jht`, `jkp`, `jkm`, `jkk`, `jp`), `reasons`, `documents`, `caveats` (codes with their texts
in both languages), `claim_documents` (the documents each claim needs), `calculators` and
`money`.
"""

from __future__ import annotations

from dialogues.rules.common import Decision, Route, today_in
from dialogues.rules.facts import Facts, JhtFacts, JkkFacts, JkmFacts, JkpFacts, JpFacts
from dialogues.rules.jht import decide_jht
from dialogues.rules.jkk import decide_jkk
from dialogues.rules.jkm import decide_jkm
from dialogues.rules.jkp import decide_jkp
from dialogues.rules.jp import decide_jp

__all__ = ["Decision", "Facts", "Route", "decide", "today_in"]


def decide(facts: Facts) -> Decision:
    """Decide a claim of the program the facts are for.

    Raises `MissingFact` naming the first fact the outcome depends on that was not given,
    and `InvalidFact` for an impossible one (both `dialogues.errors.FactError`).
    """
    if isinstance(facts, JhtFacts):
        return decide_jht(facts)
    if isinstance(facts, JkpFacts):
        return decide_jkp(facts)
    if isinstance(facts, JkmFacts):
        return decide_jkm(facts)
    if isinstance(facts, JkkFacts):
        return decide_jkk(facts)
    if isinstance(facts, JpFacts):
        return decide_jp(facts)
    raise TypeError(f"no rules for {type(facts).__name__}")
