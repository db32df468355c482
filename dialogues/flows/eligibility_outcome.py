"""The end of the eligibility walkthrough: the decision in plain words.

The first reply says whether the claim can be made, from when if only time stands in the way,
why (each reason explained), what the worker can do instead, how to claim (the channel that
fits: JMO with its balance limit, Lapak Asik online, a branch office, SIAPkerja for JKP) and
the regulation; it carries the decision as `custom` data (`{"decision": ...}`, the HTTP
API's shape), which the REST channel passes on. The second lists the documents and the
points our sources do not confirm, with the official channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.support import LazyProxy

from dialogues.dates import format_date
from dialogues.flows.base import button
from dialogues.flows.eligibility_questions import JHT_REASONS, QUESTIONS
from dialogues.i18n import current_language, lazy_gettext
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.rules import Decision, Route
from dialogues.rules.caveats import explain as explain_caveat
from dialogues.rules.claim_documents import branch_extras
from dialogues.rules.documents import name as document_name
from dialogues.rules.facts import JhtReason, Segment
from dialogues.rules.jkp import claim_deadline
from dialogues.rules.reasons import Reason
from dialogues.rules.reasons import explain as explain_reason
from nlu import Intent, Program

# JHT reasons after which the worker is non-active: JMO can pay (balance at most Rp15 juta).
_JMO_REASONS = frozenset(
    {
        JhtReason.AGE_56,
        JhtReason.RETIREMENT_AGE,
        JhtReason.PKWT_ENDED,
        JhtReason.BPU_STOPPED,
        JhtReason.RESIGNED,
        JhtReason.TERMINATED,
    }
)
_SOURCES: Mapping[Program, LazyProxy] = {
    Program.JHT: lazy_gettext("PP 46/2015 art. 22; Permenaker 4/2022"),
    Program.JKP: lazy_gettext("PP 37/2021 as amended by PP 6/2025; Permenaker 15/2021"),
    Program.JKM: lazy_gettext("PP 44/2015 as amended by PP 82/2019"),
    Program.JKK: lazy_gettext("PP 44/2015 as amended by PP 82/2019"),
    Program.JP: lazy_gettext("PP 45/2015 art. 15"),
}
_REASON_LABELS = {option.value: option.label for option in JHT_REASONS}


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _headline(decision: Decision) -> str:
    program = decision.program.value
    if decision.eligible:
        if decision.program == Program.JHT and (decision.max_percent or 100) < 100:
            return _(
                "✅ Yes: you can claim up to {percent}% of your JHT now.",
                percent=decision.max_percent,
            )
        if decision.program == Program.JP and Reason.LUMP_SUM_ONLY in decision.reasons:
            return _("✅ Yes: you can claim JP now, paid as one lump sum.")
        if Reason.DEATH_COVERED in decision.reasons or Reason.HEIRS_CLAIM in decision.reasons:
            return _("✅ Yes: the heirs can claim {program} now.", program=program)
        return _("✅ Yes: you can claim {program} now.", program=program)
    if decision.earliest_date is not None:
        day = format_date(decision.earliest_date, current_language())
        return _("⏳ Not yet: you can claim {program} from {date}.", program=program, date=day)
    return _("❌ No: {program} can't be claimed in this case.", program=program)


def _route_label(route: Route) -> str:
    if route.program == Program.JKK:
        return _("Claim JKK (work accidents and work-related diseases)")
    if route.program == Program.JKM:
        return _("Claim JKM (the death benefit for the heirs)")
    if route.jht_reason is not None:
        return _("JHT: {reason}", reason=str(_REASON_LABELS[route.jht_reason]))
    return _("Claim {program}", program=route.program.value)


def _route_button(route: Route, answers: Mapping[str, Any]) -> Button:
    """Return a button that checks the other claim, with what is already known about it."""
    entities = {"program": route.program.value, "reason": route.jht_reason}
    for name in ("segment", "nationality"):
        if (route.program, name) in QUESTIONS and name in answers:
            entities[name] = answers[name]
    known = {k: v for k, v in entities.items() if v is not None}
    return button(_route_label(route), Intent.CHECK_ELIGIBILITY, **known)


def _how_to_claim(decision: Decision, answers: Mapping[str, Any]) -> list[str]:
    migrant = answers.get("segment") == Segment.PMI
    program = decision.program
    lines = []
    if program == Program.JHT:
        if answers.get("reason") in _JMO_REASONS and not migrant:
            lines.append(
                _(
                    "the JMO app, if your JHT balance is at most Rp15.000.000 (no "
                    "uploads: a face selfie and a bank account in your own name). Above that, "
                    "Lapak Asik online (lapakasik.bpjsketenagakerjaan.go.id: upload scans, then "
                    "a video call), or a branch office."
                )
            )
        else:
            lines.append(
                _(
                    "Lapak Asik online (lapakasik.bpjsketenagakerjaan.go.id: upload "
                    "scans, then a video call where you show the originals), or a branch office."
                )
            )
    elif program == Program.JKP:
        lines.append(
            _(
                'on SIAPkerja (siapkerja.kemnaker.go.id). Log in, choose "Ajukan '
                'Klaim", fill in your data and bank account and sign the job-search commitment '
                "(KAPK). From month 2 you must look for work every month to keep receiving it."
            )
        )
        if "termination_date" in answers:
            deadline = claim_deadline(date.fromisoformat(answers["termination_date"]))
            day = format_date(deadline, current_language())
            lines.append(
                _("Claim by {date} at the latest: 6 months after the dismissal.", date=day)
            )
    elif program == Program.JKM:
        lines.append(
            _(
                "the heir brings the documents below to a BPJS Ketenagakerjaan "
                "branch office. Heirs, in order: the widow, widower or children; then parents, "
                "grandparents or grandchildren; then siblings; then parents-in-law; then a person "
                "named in the will."
            )
        )
        if migrant:
            lines.append(
                _(
                    "For a migrant worker, the death certificate or missing-person letter can come "
                    "from the Indonesian mission (Perwakilan RI) or KDEI."
                )
            )
    elif program == Program.JKK:
        lines.append(
            _(
                "the employer reports the accident to BPJS Ketenagakerjaan within "
                "2×24 hours (form 3 KK1); then the documents go to a branch office."
            )
        )
        if migrant:
            lines.append(
                _(
                    "Migrant workers abroad: get a letter from the employer, Perwakilan RI, KDEI "
                    "or the labour office, and the hospital's medical summary. JKK claims of "
                    "migrant workers expire after 5 years."
                )
            )
    else:
        lines.append(
            _(
                "at a BPJS Ketenagakerjaan branch office, with the JP claim form "
                "(Form 7) and the documents below."
            )
        )
    if decision.eligible:
        lines[0] = _("How to claim: {how}", how=lines[0])
    else:
        lines[0] = _("How to claim, when the day comes: {how}", how=lines[0])
    return lines


def _caveats(decision: Decision, answers: Mapping[str, Any]) -> list[str]:
    lines = [explain_caveat(c) for c in decision.caveats]
    jmo = answers.get("reason") in _JMO_REASONS and answers.get("segment") != Segment.PMI
    if decision.program == Program.JHT and decision.documents and jmo:
        lines.append(
            _(
                "The JMO limit of Rp15.000.000 comes from recent news and is not confirmed; "
                "it used to be Rp10.000.000."
            )
        )
    return lines


def _buttons(decision: Decision, answers: Mapping[str, Any]) -> tuple[Button, ...]:
    program = decision.program.value
    own = []
    if decision.documents:
        prefill = {k: answers[k] for k in ("reason", "segment") if k in answers}
        own.append(button(_("Documents"), Intent.DOCUMENT_CHECKLIST, program=program, **prefill))
        own.append(button(_("How to claim"), Intent.FILE_CLAIM, program=program))
    if decision.program == Program.JKP and decision.documents:
        own.append(button(_("Monthly duties"), Intent.JKP_REQUIREMENTS))
        own.append(
            button(
                _("JKP benefit calculator"),
                Intent.PROGRAM_INFO,
                program=program,
                calc="jkp_benefit",
            )
        )
    return (
        *own,
        *(_route_button(route, answers) for route in decision.alternatives),
        button(_("⬅️ Change my last answer"), Intent.CHECK_ELIGIBILITY, control="back"),
        button(_("🔄 Check again"), Intent.CHECK_ELIGIBILITY, control="restart"),
        button(_("Main menu"), Intent.HELP),
    )


def render(decision: Decision, answers: Mapping[str, Any]) -> tuple[Reply, ...]:
    """Return the replies that tell the worker the decision, with its data as `custom`."""
    parts = [
        _headline(decision),
        _("Why:") + "\n" + _bullets([explain_reason(r) for r in decision.reasons]),
    ]
    if decision.alternatives:
        labels = [_route_label(route) for route in decision.alternatives]
        parts.append(_("What you can do instead:") + "\n" + _bullets(labels))
    if decision.documents:
        parts.extend(_how_to_claim(decision, answers))
    source = _SOURCES[decision.program]
    if answers.get("segment") == Segment.PMI:
        parts.append(_("Source: {source}", source=f"{source}; Permenaker 4/2023"))
    else:
        parts.append(_("Source: {source}", source=str(source)))
    custom = {"decision": decision.to_dict()}
    details = []
    if decision.documents:
        names = [document_name(d) for d in decision.documents]
        extras = [
            document_name(d) for d in branch_extras(decision.program) if d not in decision.documents
        ]
        details.append(_("Documents to prepare:") + "\n" + _bullets(names))
        if extras:
            details.append(_("Often also asked for:") + "\n" + _bullets(extras))
    caveats = _caveats(decision, answers)
    if caveats:
        lines = [_("⚠️ {caveat}", caveat=c) for c in caveats]
        lines.append(
            _(
                "Please check with Care Center 175 or www.bpjsketenagakerjaan.go.id "
                "before you act on it."
            )
        )
        details.append("\n".join(lines))
    buttons = _buttons(decision, answers)
    if not details:
        return (Reply("\n\n".join(parts), buttons=buttons, custom=custom),)
    return (
        Reply("\n\n".join(parts), custom=custom),
        Reply("\n\n".join(details), buttons=buttons),
    )
