"""Reading one incoming message: its text cleaned, then its intent and entities.

`clean_text` bounds and normalises what the user typed; `understand` reads a button's payload
(`/intent{"entity": "value"}`) itself and hands anything else to the NLU parser, returning an
`Understood` for the engine (`dialogues.engine`) to choose the language and run the flow with.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from nlu import Entity, Intent, IntentParser, LanguageGuess

# A payload's entities may be cut off (a truncated button): the JSON check refuses those.
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*)?$", re.DOTALL)
# Messages longer than this are answered on their beginning; nobody types more in a chat.
MAX_TEXT_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class Understood:
    """What a message says: its intent, entities and language, and whether a button sent it."""

    intent: str
    confidence: float
    entities: tuple[Entity, ...]
    guess: LanguageGuess | None
    from_button: bool
    stale_button: bool = False


def clean_text(text: str) -> str:
    """Return the message without control characters, normalised, trimmed and bounded."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"} else " "
        for ch in text[: MAX_TEXT_LENGTH * 2]
    )
    return text.strip()[:MAX_TEXT_LENGTH]


def _parse_payload(text: str) -> Understood | None:
    match = _PAYLOAD.match(text)
    if match is None:
        return None
    name = match["intent"]
    try:
        raw = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        raw = None
    if name not in Intent.__members__.values() or not isinstance(raw, dict):
        return Understood(Intent.OUT_OF_SCOPE, 1.0, (), None, True, stale_button=True)
    entities = tuple(
        Entity(entity=str(k), value=str(v), start=0, end=0)
        for k, v in raw.items()
        if isinstance(v, str | int)
    )
    return Understood(name, 1.0, entities, None, from_button=True)


async def understand(parser: IntentParser, text: str) -> Understood:
    """Read a cleaned message: a button's payload as it says, anything else with the parser."""
    if not text:
        return Understood(Intent.OUT_OF_SCOPE, 1.0, (), None, from_button=False)
    from_payload = _parse_payload(text)
    if from_payload is not None:
        return from_payload
    result = await parser.parse(text)
    return Understood(
        result.intent.name, result.intent.confidence, result.entities, result.language, False
    )
