"""The REST channel, in the shape of Rasa's: a message in, a list of replies out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from backend.api.body import openapi_body, read_json_body
from backend.api.deps import EngineDep
from dialogues.messages import Incoming, Reply

router = APIRouter(prefix="/webhooks/rest", tags=["channels"])


class RestMessage(BaseModel):
    """A user's message to the REST channel."""

    model_config = ConfigDict(extra="ignore")

    sender: str = Field(
        min_length=1, max_length=128, description="The user's id on the caller's side."
    )
    message: str = Field(max_length=100_000, description="The text, or a button's payload.")
    metadata: dict[str, Any] | None = Field(
        default=None, description="Optional; `language` gives a language hint (`id`, `en`)."
    )


class RestButton(BaseModel):
    """A choice offered with a reply."""

    title: str
    payload: str


class RestReply(BaseModel):
    """One reply to the user."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"recipient_id": "u1", "text": "Halo!"}]}
    )

    recipient_id: str
    text: str
    buttons: list[RestButton] | None = None
    image: str | None = None
    custom: dict[str, Any] | None = None


def render(reply: Reply, recipient_id: str) -> RestReply:
    """Render one reply in the REST channel's shape."""
    return RestReply(
        recipient_id=recipient_id,
        text=reply.text,
        buttons=[RestButton(title=b.title, payload=b.payload) for b in reply.buttons] or None,
        image=reply.image,
        custom=dict(reply.custom) if reply.custom else None,
    )


@router.post(
    "/webhook",
    response_model=list[RestReply],
    response_model_exclude_none=True,
    openapi_extra=openapi_body(RestMessage),
)
async def rest_webhook(request: Request, engine: EngineDep) -> list[RestReply]:
    """Answer one message; send a button's payload back as the next message."""
    body = await read_json_body(request, RestMessage)
    hint = (body.metadata or {}).get("language")
    incoming = Incoming(
        channel="rest",
        user_id=body.sender,
        text=body.message,
        language_hint=hint if isinstance(hint, str) else None,
    )
    replies = await engine.handle(incoming)
    return [render(reply, body.sender) for reply in replies]
