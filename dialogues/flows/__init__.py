"""Every flow, registered here and nowhere else: this module is the table of contents.

`INTENT_HANDLERS` says which handler answers a message that starts with an intent;
`FLOWS` says which handler continues a flow that is waiting for an answer, and whether the
flow keeps waiting when the user asks something else in between (the walkthroughs do, and
ask their question again afterwards: `flows.pausing`). Calculators are offered on the
answers they belong to by wrapping those answers' handlers (`calculators.offered_on`).
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogues.flows import (
    calculators,
    conversation,
    documents,
    eligibility,
    faq,
    handoff,
    info,
    language,
    programs,
)
from dialogues.flows.base import Flow, Handler
from nlu import Intent

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
    Intent.FILE_CLAIM: programs.about_program,
    # Walkthroughs
    Intent.CHECK_ELIGIBILITY: eligibility.start,
    Intent.DOCUMENT_CHECKLIST: documents.start,
    # Service questions
    Intent.CLAIM_STATUS: info.answer_info,
    Intent.MEMBERSHIP_STATUS: info.answer_info,
    Intent.DIGITAL_CARD: info.answer_info,
    Intent.PAY_CONTRIBUTION: info.answer_info,
    Intent.REGISTER_PARTICIPANT: info.answer_info,
    Intent.OFFICE_CONTACT: info.answer_info,
    Intent.JHT_TAX: calculators.offered_on(info.answer_info),
    Intent.JKP_REQUIREMENTS: calculators.offered_on(info.answer_info),
    Intent.JKP_REMINDER_SUBSCRIBE: info.answer_info,
    Intent.JKP_REMINDER_UNSUBSCRIBE: info.answer_info,
}

FLOWS: Mapping[str, Flow] = {
    language.FLOW: Flow(resume=language.resume, waits=False),
    programs.FLOW: Flow(resume=programs.resume, waits=False),
    eligibility.FLOW: Flow(resume=eligibility.resume, waits=True, remind=eligibility.remind),
    documents.FLOW: Flow(resume=documents.resume, waits=True, remind=documents.remind),
    calculators.FLOW: Flow(resume=calculators.resume, waits=True, remind=calculators.remind),
}

# Intents whose answer is about one program, so a follow-up naming another program reuses them.
PROGRAM_INTENTS = frozenset(
    {Intent.PROGRAM_INFO, Intent.CHECK_ELIGIBILITY, Intent.DOCUMENT_CHECKLIST, Intent.FILE_CLAIM}
)

__all__ = ["FLOWS", "INTENT_HANDLERS", "PROGRAM_INTENTS"]
