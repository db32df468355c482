"""The parse API, in the shape of Rasa's `POST /model/parse`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from backend.api.body import openapi_body, read_json_body
from backend.api.deps import ParserDep
from dialogues.understanding import clean_text

router = APIRouter(prefix="/model", tags=["nlu"])


class ParseRequest(BaseModel):
    """A message to parse."""

    text: str = Field(max_length=100_000)


@router.post("/parse", openapi_extra=openapi_body(ParseRequest))
async def parse(request: Request, parser: ParserDep) -> dict[str, Any]:
    """Return the intent, its ranking, the entities and the language of a message."""
    body = await read_json_body(request, ParseRequest)
    result = await parser.parse(clean_text(body.text))
    return result.to_dict()
