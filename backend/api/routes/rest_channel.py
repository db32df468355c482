"""The REST channel, in the shape of Rasa's: a message in, a list of replies out.

Files come first through `POST /webhooks/rest/upload` (multipart: `sender` and `file`), which
checks the type by the file's bytes (JPG, PNG or PDF) and its size (6 MB at most), keeps it
and returns its `file_id`; a message then names it in `attachments`. A file id of another
sender is unknown to this one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python
from starlette.datastructures import UploadFile

from backend.api.body import openapi_body, read_json_body
from backend.api.deps import ClockDep, EngineDep, ServicesDep, get_services
from dialogues.messages import Attachment, Incoming, Reply
from dialogues.rules.uploads import MAX_FILE_BYTES, MAX_FILE_MB, UploadProblem

router = APIRouter(prefix="/webhooks/rest", tags=["channels"])

CHANNEL = "rest"
MAX_ATTACHMENTS = 10
FORM_OVERHEAD = 16 * 1024
"""Bytes a multipart body may carry beyond the file (boundaries, headers, the sender)."""


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
    attachments: list[str] = Field(
        default_factory=list,
        max_length=MAX_ATTACHMENTS,
        description="Ids of files this sender uploaded to /webhooks/rest/upload.",
    )


class RestButton(BaseModel):
    """A choice offered with a reply."""

    title: str
    payload: str


class RestReply(BaseModel):
    """One reply to the user; `image` may be a `data:` URL (the digital card)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"recipient_id": "u1", "text": "Halo!"}]}
    )

    recipient_id: str
    text: str
    buttons: list[RestButton] | None = None
    image: str | None = None
    custom: dict[str, Any] | None = None


class UploadedFile(BaseModel):
    """A file kept for the sender: name it in a message's `attachments`."""

    file_id: str
    content_type: str
    size: int


def render(reply: Reply, recipient_id: str) -> RestReply:
    """Render one reply in the REST channel's shape."""
    return RestReply(
        recipient_id=recipient_id,
        text=reply.text,
        buttons=[RestButton(title=b.title, payload=b.payload) for b in reply.buttons] or None,
        image=reply.image,
        custom=dict(reply.custom) if reply.custom else None,
    )


def reply_json(reply: Reply, recipient_id: str) -> dict[str, Any]:
    """Return `render(reply, recipient_id)` as JSON, without the fields that are None."""
    data: dict[str, Any] = {"recipient_id": recipient_id, "text": reply.text}
    if reply.buttons:
        data["buttons"] = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    if reply.image is not None:
        data["image"] = reply.image
    if reply.custom:
        data["custom"] = to_jsonable_python(dict(reply.custom))  # as pydantic would
    return data


def _invalid(field: str, message: str, kind: str = "value_error") -> HTTPException:
    detail = [{"type": kind, "loc": ["body", field], "msg": message}]
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


def _too_large() -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        detail=f"file too large: at most {MAX_FILE_MB} MB",
    )


async def _attachments(
    request: Request, sender: str, file_ids: list[str]
) -> tuple[Attachment, ...]:
    if not file_ids:
        return ()
    services = get_services(request)
    found = []
    for index, file_id in enumerate(file_ids):
        attachment = await services.uploads.describe(CHANNEL, sender, file_id)
        if attachment is None:
            raise _invalid(f"attachments.{index}", "unknown file id: upload the file first")
        found.append(attachment)
    return tuple(found)


@router.post(
    "/webhook",
    response_model=list[RestReply],
    response_model_exclude_none=True,
    openapi_extra=openapi_body(RestMessage),
)
async def rest_webhook(request: Request, engine: EngineDep) -> JSONResponse:
    """Answer one message; send a button's payload back as the next message."""
    body = await read_json_body(request, RestMessage)
    hint = (body.metadata or {}).get("language")
    incoming = Incoming(
        channel=CHANNEL,
        user_id=body.sender,
        text=body.message,
        language_hint=hint if isinstance(hint, str) else None,
        attachments=await _attachments(request, body.sender, body.attachments),
    )
    replies = await engine.handle(incoming)
    # Built as plain dicts (what `render` would give, `None`s left out): validating them
    # again through the response model cost more than answering the message.
    return JSONResponse([reply_json(reply, body.sender) for reply in replies])


@router.post(
    "/upload",
    response_model=UploadedFile,
    responses={413: {"description": "The file is larger than 6 MB."}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["sender", "file"],
                        "properties": {
                            "sender": {"type": "string", "minLength": 1, "maxLength": 128},
                            "file": {"type": "string", "format": "binary"},
                        },
                    }
                }
            },
        }
    },
)
async def rest_upload(request: Request, services: ServicesDep, clock: ClockDep) -> UploadedFile:
    """Keep a JPG, PNG or PDF file (by its bytes) of at most 6 MB; return its id."""
    length = request.headers.get("content-length", "")
    # Refused before the body is read: nobody streams a gigabyte into the temp folder.
    if not length.isdigit():
        raise HTTPException(status.HTTP_411_LENGTH_REQUIRED, detail="Content-Length required")
    if int(length) > MAX_FILE_BYTES + FORM_OVERHEAD:
        raise _too_large()
    # A body that is no multipart form is answered 400 by Starlette itself.
    async with request.form(max_files=1, max_fields=2) as form:
        sender, file = form.get("sender"), form.get("file")
        if not isinstance(sender, str) or not 1 <= len(sender) <= 128:
            raise _invalid("sender", "1 to 128 characters", "missing")
        if not isinstance(file, UploadFile):
            raise _invalid("file", "a file is required", "missing")
        data = await file.read(MAX_FILE_BYTES + 1)
        stored = await services.uploads.store(
            CHANNEL, sender, data, name=file.filename, now=clock()
        )
    if stored == UploadProblem.TOO_LARGE:
        raise _too_large()
    if stored == UploadProblem.EMPTY:
        raise _invalid("file", "the file is empty")
    if isinstance(stored, UploadProblem):
        raise _invalid("file", "only JPG, PNG or PDF files are accepted (checked by content)")
    return UploadedFile(file_id=stored.file_id, content_type=stored.content_type, size=stored.size)
