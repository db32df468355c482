"""Value types of the NLU: intents, entities, languages and the parse result.

The names are the contract in `../shared/nlu/intents.md`; never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Language(StrEnum):
    """The languages Jamsos answers in (Malay is answered in Indonesian)."""

    ID = "id"
    EN = "en"


class Intent(StrEnum):
    """Every intent of the contract."""

    GREET = "greet"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    AFFIRM = "affirm"
    DENY = "deny"
    HELP = "help"
    CHANGE_LANGUAGE = "change_language"
    HUMAN_AGENT = "human_agent"
    COMPLAINT = "complaint"
    OUT_OF_SCOPE = "out_of_scope"
    FAQ_ABOUT = "faq_about"
    FAQ_PROGRAMS = "faq_programs"
    FAQ_PARTICIPANTS = "faq_participants"
    FAQ_CONTRIBUTION = "faq_contribution"
    FAQ_EMPLOYER_FORMS = "faq_employer_forms"
    FAQ_REGISTRATION_DOCUMENTS = "faq_registration_documents"
    FAQ_BUSINESS_REGISTRATION = "faq_business_registration"
    FAQ_COVERAGE_START = "faq_coverage_start"
    FAQ_INTERNS = "faq_interns"
    FAQ_MIN_EMPLOYEES = "faq_min_employees"
    FAQ_EKLAIM = "faq_eklaim"
    PROGRAM_INFO = "program_info"
    CHECK_ELIGIBILITY = "check_eligibility"
    DOCUMENT_CHECKLIST = "document_checklist"
    FILE_CLAIM = "file_claim"
    CLAIM_STATUS = "claim_status"
    JKP_REMINDER_SUBSCRIBE = "jkp_reminder_subscribe"
    JKP_REMINDER_UNSUBSCRIBE = "jkp_reminder_unsubscribe"
    JKP_REQUIREMENTS = "jkp_requirements"
    MEMBERSHIP_STATUS = "membership_status"
    PAY_CONTRIBUTION = "pay_contribution"
    DIGITAL_CARD = "digital_card"
    REGISTER_PARTICIPANT = "register_participant"
    OFFICE_CONTACT = "office_contact"
    JHT_TAX = "jht_tax"


class Program(StrEnum):
    """The five BPJS Ketenagakerjaan programs, by their codes."""

    JKK = "JKK"
    JKM = "JKM"
    JHT = "JHT"
    JP = "JP"
    JKP = "JKP"


ENTITY_NAMES = ("program", "claim_id", "nik", "kpj")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity found in a message, with its character span in the original text."""

    entity: str
    value: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return the entity in Rasa's shape."""
        return {"entity": self.entity, "value": self.value, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class IntentScore:
    """An intent name with its calibrated confidence."""

    name: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Return the score in Rasa's shape."""
        return {"name": self.name, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The detected language of one message, and whether the detection is confident."""

    language: Language
    confident: bool


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What the NLU makes of one message (Rasa's `/model/parse` shape plus `language`)."""

    text: str
    intent: IntentScore
    intent_ranking: tuple[IntentScore, ...] = ()
    entities: tuple[Entity, ...] = ()
    language: LanguageGuess = field(
        default_factory=lambda: LanguageGuess(Language.ID, confident=False)
    )

    def entity_values(self, name: str) -> list[str]:
        """Return the values of every entity called `name`, in order of appearance."""
        return [e.value for e in self.entities if e.entity == name]

    def to_dict(self) -> dict[str, Any]:
        """Return the result as the JSON object of the contract."""
        return {
            "text": self.text,
            "intent": self.intent.to_dict(),
            "intent_ranking": [s.to_dict() for s in self.intent_ranking],
            "entities": [e.to_dict() for e in self.entities],
            "language": self.language.language.value,
        }


class IntentParser(Protocol):
    """The port through which the dialogue engine understands a message."""

    async def parse(self, text: str) -> ParseResult:
        """Parse one message."""
        ...
