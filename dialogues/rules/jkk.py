"""JKK (work accident and occupational disease) claims: PP 44/2015 as amended by PP 82/2019.

- Accidents at work, on the commute (home to work and back), and occupational diseases are
  covered while the membership is active (`accident_covered`).
- An accident outside work is not (`not_work_related`); if the participant died of it, the
  heirs may claim JKM instead, so JKM is the alternative.
- Covered context but membership not active: `membership_inactive`.
- Migrant workers (segment PMI) get the documents of Permenaker 4/2023 art. 50 (passport,
  mission or KDEI letter, foreign hospital papers); the document list is uncertain
  (`Caveat.JKK_DOCUMENTS`: older branch checklists).
"""

from __future__ import annotations

from dialogues.errors import MissingFact
from dialogues.rules.caveats import Caveat
from dialogues.rules.claim_documents import jkk_documents
from dialogues.rules.common import Check, Decision, Route, check_date, conclude, fail, unknown
from dialogues.rules.facts import AccidentContext, JkkFacts, Segment
from dialogues.rules.reasons import Reason
from nlu import Program


def decide_jkk(facts: JkkFacts) -> Decision:
    """Decide whether a JKK claim can be filed on `facts.as_of`.

    Facts are asked for in this order: `accident_context`, then `membership_active`.
    """
    check_date("as_of", facts.as_of)
    if facts.accident_context is None:
        raise MissingFact("accident_context")
    if facts.accident_context == AccidentContext.OUTSIDE_WORK:
        return conclude(
            Program.JKK,
            [fail(Reason.NOT_WORK_RELATED)],
            granted=Reason.ACCIDENT_COVERED,
            documents=(),
            alternatives=(Route(Program.JKM),),
        )
    checks: list[Check] = []
    if facts.membership_active is None:
        checks.append(unknown("membership_active"))
    elif not facts.membership_active:
        checks.append(fail(Reason.MEMBERSHIP_INACTIVE))
    caveats = () if facts.segment == Segment.PMI else (Caveat.JKK_DOCUMENTS,)
    return conclude(
        Program.JKK,
        checks,
        granted=Reason.ACCIDENT_COVERED,
        documents=jkk_documents(facts.accident_context, segment=facts.segment),
        caveats=caveats,
    )
