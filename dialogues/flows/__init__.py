"""Every flow, registered here and nowhere else: this module is the table of contents.

`INTENT_HANDLERS` says which handler answers a message that starts with an intent;
`FLOWS` says which handler continues a flow that is waiting for an answer, and whether the
flow keeps waiting when the user asks something else in between (the walkthroughs do, and
ask their question again afterwards: `flows.pausing`). `COMMANDS` act before either (typed
"putuskan akun" unlinks the chat wherever it is). The personal requests (`PERSONAL_HANDLERS`)
link the chat first and are answered once it is linked. Calculators are offered on the
answers they belong to by wrapping those answers' handlers (`calculators.offered_on`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dialogues.flows import (
    calculators,
    claim_status,
    conversation,
    documents,
    eligibility,
    faq,
    filing,
    filing_answers,
    handoff,
    info,
    jkp_reminders,
    jkp_tracking,
    language,
    linking,
    membership,
    programs,
    timezone,
    unlinking,
)
from dialogues.flows.base import Flow, Handler, Turn
from nlu import Intent

# What a chat must be linked for; answered right after linking when linking came first.
PERSONAL_HANDLERS: Mapping[str, Handler] = {
    Intent.FILE_CLAIM: filing.start,
    Intent.CLAIM_STATUS: claim_status.answer,
    Intent.MEMBERSHIP_STATUS: membership.answer,
    Intent.DIGITAL_CARD: membership.card,
}

INTENT_HANDLERS: Mapping[Intent, Handler] = {
    # Conversation
    Intent.GREET: conversation.greet,
    Intent.HELP: conversation.menu,
    Intent.THANKS: conversation.thanks,
    Intent.GOODBYE: conversation.goodbye,
    Intent.AFFIRM: conversation.affirm,
    Intent.DENY: conversation.deny,
    Intent.OUT_OF_SCOPE: calculators.offered_on(conversation.fallback),
    Intent.CHANGE_LANGUAGE: language.start,
    Intent.HUMAN_AGENT: handoff.hand_off,
    Intent.COMPLAINT: handoff.hand_off,
    # Frequently asked questions
    Intent.FAQ_ABOUT: faq.answer_faq,
    Intent.FAQ_PROGRAMS: faq.answer_faq,
    Intent.FAQ_PARTICIPANTS: faq.answer_faq,
    Intent.FAQ_CONTRIBUTION: calculators.offered_on(faq.answer_faq),
    Intent.FAQ_EMPLOYER_FORMS: faq.answer_faq,
    Intent.FAQ_REGISTRATION_DOCUMENTS: faq.answer_faq,
    Intent.FAQ_BUSINESS_REGISTRATION: faq.answer_faq,
    Intent.FAQ_COVERAGE_START: faq.answer_faq,
    Intent.FAQ_INTERNS: faq.answer_faq,
    Intent.FAQ_MIN_EMPLOYEES: faq.answer_faq,
    Intent.FAQ_EKLAIM: faq.answer_faq,
    # One program at a time
    Intent.PROGRAM_INFO: calculators.offered_on(programs.about_program),
    Intent.FILE_CLAIM: filing.start,
    # Walkthroughs
    Intent.CHECK_ELIGIBILITY: eligibility.start,
    Intent.DOCUMENT_CHECKLIST: documents.start,
    # Service questions
    # The worker's own claims and membership (the chat is linked first)
    Intent.CLAIM_STATUS: claim_status.answer,
    Intent.MEMBERSHIP_STATUS: membership.answer,
    Intent.DIGITAL_CARD: membership.card,
    Intent.PAY_CONTRIBUTION: info.answer_info,
    Intent.REGISTER_PARTICIPANT: info.answer_info,
    Intent.OFFICE_CONTACT: info.answer_info,
    Intent.JHT_TAX: calculators.offered_on(info.answer_info),
    Intent.JKP_REQUIREMENTS: calculators.offered_on(info.answer_info),
    # JKP reminders ("STOP" and "BERHENTI" are read as unsubscribing)
    Intent.JKP_REMINDER_SUBSCRIBE: jkp_reminders.start,
    Intent.JKP_REMINDER_UNSUBSCRIBE: jkp_tracking.stop,
}

FLOWS: Mapping[str, Flow] = {
    language.FLOW: Flow(resume=language.resume, waits=False),
    programs.FLOW: Flow(resume=programs.resume, waits=False),
    eligibility.FLOW: Flow(resume=eligibility.resume, waits=True, remind=eligibility.remind),
    documents.FLOW: Flow(resume=documents.resume, waits=True, remind=documents.remind),
    calculators.FLOW: Flow(resume=calculators.resume, waits=True, remind=calculators.remind),
    linking.FLOW: Flow(
        resume=linking.resume_then(PERSONAL_HANDLERS), waits=True, remind=linking.remind
    ),
    filing.FLOW: Flow(resume=filing_answers.resume, waits=True, remind=filing_answers.remind),
    claim_status.FLOW: Flow(resume=claim_status.resume, waits=False),
    jkp_reminders.FLOW: Flow(resume=jkp_reminders.resume, waits=True, remind=jkp_reminders.remind),
    timezone.FLOW: Flow(
        resume=timezone.resume_then(INTENT_HANDLERS), waits=True, remind=timezone.remind
    ),
}

COMMANDS: tuple[tuple[Callable[[Turn], bool], Handler], ...] = (
    (unlinking.says_unlink, unlinking.unlink),
    (timezone.says_change, timezone.change_then(INTENT_HANDLERS)),
)
"""Typed words (or buttons) that act at any point, whatever the NLU made of them."""

LATE_COMMANDS: tuple[tuple[Callable[[Turn], bool], Handler], ...] = (
    (jkp_tracking.says_report, jkp_tracking.track),
)
"""Typed words that mean one thing whatever the NLU made of them, unless a waiting flow took
them as its answer ("sudah melamar ke PT Maju" counts a JKP duty; "sudah dapat kerja")."""

# Intents whose answer is about one program, so a follow-up naming another program reuses them.
PROGRAM_INTENTS = frozenset(
    {Intent.PROGRAM_INFO, Intent.CHECK_ELIGIBILITY, Intent.DOCUMENT_CHECKLIST, Intent.FILE_CLAIM}
)

__all__ = [
    "COMMANDS",
    "FLOWS",
    "INTENT_HANDLERS",
    "LATE_COMMANDS",
    "PERSONAL_HANDLERS",
    "PROGRAM_INTENTS",
]
