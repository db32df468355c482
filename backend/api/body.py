"""Reading JSON bodies leniently: bad bytes are replaced, bad shapes named field by field."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


async def read_json_body(request: Request, model: type[Model]) -> Model:
    """Validate the body as `model`; invalid UTF-8 is replaced rather than refused.

    A worker's phone may send a message with broken bytes; answering it politely beats
    refusing the whole request. Malformed JSON and missing or wrong fields still get 422,
    with the field named, from FastAPI's usual handler.
    """
    raw = await request.body()
    text = raw.decode("utf-8", errors="replace")
    try:
        data: Any = json.loads(text)
    except RecursionError as error:
        # Thousands of nested brackets: refuse them like any other malformed body.
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body",),
                    "msg": "JSON nested too deeply",
                    "input": {},
                }
            ]
        ) from error
    except json.JSONDecodeError as error:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body", error.pos),
                    "msg": "JSON decode error",
                    "input": {},
                    "ctx": {"error": error.msg},
                }
            ]
        ) from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from error


def openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    """Return the `openapi_extra` that documents a body read by `read_json_body`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
