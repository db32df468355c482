"""Pydantic models of the webhook fields we use, tolerant of everything else.

A webhook call carries `entry[].changes[].value` with, for `field == "messages"`, the users'
`messages` (with their `contacts`) and the `statuses` of what we sent. Only the parts we read
are modelled: text, `interactive.button_reply` / `list_reply`, a template's quick-reply
`button`, image, document, audio, and statuses sent / delivered / read / failed. Unknown
fields are ignored and optional ones may be missing: a new field or a missing `user_id`
(pywa's `KeyError: 'user_id'`, library-fit §2) must never drop an update.

`WebhookPayload.events()` flattens a call into `MessageEvent`s and `StatusEvent`s, each
small enough to be stored on its own (`to_record`) and read back (`from_record`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class ErrorInfo(_Model):
    """An error attached to a failed status or an unsupported message."""

    code: int | None = None
    title: str | None = None
    message: str | None = None
    error_data: dict[str, Any] | None = None

    def as_error_dict(self) -> dict[str, Any]:
        """Return it in the shape `WhatsAppError.from_dict` reads."""
        return {
            "code": self.code,
            "message": self.message or self.title,
            "error_data": self.error_data,
        }


class Profile(_Model):
    """The user's WhatsApp profile (only the name is sent)."""

    name: str | None = None


class Contact(_Model):
    """Who sent the messages of a change: phone number id (`wa_id`), maybe a user id."""

    wa_id: str | None = None
    user_id: str | None = None
    profile: Profile | None = None


class Text(_Model):
    """A text message's body."""

    body: str = ""


class Choice(_Model):
    """A reply button or list row the user chose: our `id` comes back."""

    id: str
    title: str | None = None
    description: str | None = None


class Interactive(_Model):
    """The user's answer to an interactive message."""

    type: str
    button_reply: Choice | None = None
    list_reply: Choice | None = None


class TemplateButton(_Model):
    """A quick-reply button of a template, tapped."""

    payload: str | None = None
    text: str | None = None


class Media(_Model):
    """An image, document or audio the user sent: fetched later by `id`."""

    id: str
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool | None = None


class Context(_Model):
    """What the message answers (our message's id), or that it was forwarded."""

    id: str | None = None
    forwarded: bool | None = None


class Message(_Model):
    """One message from a user."""

    id: str
    sender: str | None = Field(default=None, alias="from")
    from_user_id: str | None = None
    timestamp: str | None = None
    type: str = "unknown"
    text: Text | None = None
    interactive: Interactive | None = None
    button: TemplateButton | None = None
    image: Media | None = None
    document: Media | None = None
    audio: Media | None = None
    context: Context | None = None
    errors: list[ErrorInfo] = Field(default_factory=list)

    @property
    def media(self) -> Media | None:
        """The image or document of the message (audio is not a claim document)."""
        return self.image or self.document

    @property
    def choice_id(self) -> str | None:
        """The id of the button or list row chosen, or the template button's payload."""
        if self.interactive is not None:
            chosen = self.interactive.button_reply or self.interactive.list_reply
            return chosen.id if chosen is not None else None
        if self.button is not None:
            return self.button.payload or self.button.text
        return None


class Status(_Model):
    """What became of a message we sent: sent, delivered, read or failed (with `errors`)."""

    id: str
    status: str
    timestamp: str | None = None
    recipient_id: str | None = None
    errors: list[ErrorInfo] = Field(default_factory=list)


class Metadata(_Model):
    """Which of our numbers the change is about."""

    phone_number_id: str | None = None
    display_phone_number: str | None = None


class Value(_Model):
    """The content of one change."""

    metadata: Metadata | None = None
    contacts: list[Contact] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    statuses: list[Status] = Field(default_factory=list)


class Change(_Model):
    """One change of an entry; we read `field == "messages"` only."""

    field: str | None = None
    value: Value = Field(default_factory=Value)


class Entry(_Model):
    """The changes of one WhatsApp Business Account."""

    id: str | None = None
    changes: list[Change] = Field(default_factory=list)


class WebhookPayload(_Model):
    """The body of a webhook call."""

    object: str | None = None
    entry: list[Entry] = Field(default_factory=list)

    def events(self) -> Iterator[MessageEvent | StatusEvent]:
        """Yield each message (with its sender) and each status, in the order sent."""
        for entry in self.entry:
            for change in entry.changes:
                if change.field not in (None, "messages"):
                    continue
                value = change.value
                phone_number_id = value.metadata.phone_number_id if value.metadata else None
                for message in value.messages:
                    contact = _contact_of(message, value.contacts)
                    user = message.sender or (contact.wa_id if contact else None)
                    if user is None:
                        continue  # no number to answer: nothing we can do with it
                    name = contact.profile.name if contact and contact.profile else None
                    yield MessageEvent(
                        message=message, wa_id=user, name=name, phone_number_id=phone_number_id
                    )
                for status in value.statuses:
                    yield StatusEvent(status=status, phone_number_id=phone_number_id)


def _contact_of(message: Message, contacts: list[Contact]) -> Contact | None:
    for contact in contacts:
        if contact.wa_id is not None and contact.wa_id == message.sender:
            return contact
    return contacts[0] if len(contacts) == 1 else None


class MessageEvent(_Model):
    """A user's message with the number it came from; stored in the inbox on its own."""

    message: Message
    wa_id: str
    name: str | None = None
    phone_number_id: str | None = None

    @property
    def key(self) -> str:
        """What makes it unique: its message id (a redelivery has the same)."""
        return f"message:{self.message.id}"

    def sent_at(self) -> datetime | None:
        """When the user sent it, by WhatsApp's timestamp (seconds since the epoch)."""
        return _moment(self.message.timestamp)


class StatusEvent(_Model):
    """A status of one of our messages; stored in the inbox on its own."""

    status: Status
    phone_number_id: str | None = None

    @property
    def key(self) -> str:
        """One per message and status: a repeated `delivered` is the same event."""
        return f"status:{self.status.id}:{self.status.status}"

    @property
    def wa_id(self) -> str:
        """The user the message went to (empty when WhatsApp left it out)."""
        return self.status.recipient_id or ""


Event = MessageEvent | StatusEvent


def to_record(event: Event) -> dict[str, Any]:
    """Return the event as JSON-compatible data for the inbox table."""
    kind = "message" if isinstance(event, MessageEvent) else "status"
    return {"kind": kind, **event.model_dump(mode="json", by_alias=True, exclude_none=True)}


def from_record(record: dict[str, Any]) -> Event:
    """Rebuild an event stored by `to_record`."""
    data = {k: v for k, v in record.items() if k != "kind"}
    if record.get("kind") == "status":
        return StatusEvent.model_validate(data)
    return MessageEvent.model_validate(data)


def _moment(timestamp: str | None) -> datetime | None:
    if timestamp is None or not timestamp.isdigit():
        return None
    return datetime.fromtimestamp(int(timestamp), UTC)
