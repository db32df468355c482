"""An intent parser that delegates to a Rasa 3.6 NLU server (`NLU_ENGINE=rasa`)."""

from __future__ import annotations

from typing import Any

import httpx

from backend.errors import NluServiceError
from nlu import Entity, IntentScore, ParseResult, detect_language

# Rasa's FallbackClassifier answers this; our contract calls it out_of_scope.
RASA_FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"


def _name(name: Any) -> str:
    return OUT_OF_SCOPE if name in (None, RASA_FALLBACK) else str(name)


def _from_rasa(text: str, data: dict[str, Any]) -> ParseResult:
    intent = data.get("intent") or {}
    ranking = tuple(
        IntentScore(_name(item.get("name")), float(item.get("confidence") or 0.0))
        for item in data.get("intent_ranking") or []
    )
    entities = tuple(
        Entity(str(e["entity"]), str(e["value"]), int(e.get("start", 0)), int(e.get("end", 0)))
        for e in data.get("entities") or []
        if "entity" in e and "value" in e
    )
    return ParseResult(
        text=text,
        intent=IntentScore(_name(intent.get("name")), float(intent.get("confidence") or 0.0)),
        intent_ranking=ranking,
        entities=entities,
        language=detect_language(text),
    )


class RasaNluParser:
    """Asks a Rasa server's `POST /model/parse` and maps the answer to our contract."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def parse(self, text: str) -> ParseResult:
        """Parse one message on the Rasa server."""
        try:
            response = await self._client.post("/model/parse", json={"text": text})
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise NluServiceError(f"Rasa NLU server failed: {error}") from error
        if not isinstance(data, dict):
            raise NluServiceError("Rasa NLU server answered something other than an object")
        try:
            return _from_rasa(text, data)
        except (KeyError, TypeError, ValueError) as error:
            raise NluServiceError(f"unreadable Rasa answer: {error}") from error
