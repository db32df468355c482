"""One user message in, the rendered answer out: translate, delegate to the engine, render.

- text → its body; a reply button or list row → its id (our payload); a template's
  quick-reply button → its payload;
- image or document → downloaded through the Graph API, checked and kept as a claim upload
  (by its bytes: JPG, PNG or PDF, 6 MB at most), and handed to the engine as an attachment
  with the caption as text; a refused file is answered here;
- voice notes and audio → asked to type instead; stickers, locations, videos and the
  rest → told what can be read; reactions and system notices → ignored.

The answer's language is the conversation's after the engine ran (the store is read back),
else what the number suggests (+62: Indonesian), else Indonesian.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from babel.support import LazyProxy

from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.errors import Action, WhatsAppError
from bot.whatsapp.payloads import MessageEvent
from bot.whatsapp.render import Outgoing, render
from dialogues.engine import DialogueEngine, language_from_hint
from dialogues.i18n import Catalogs, lazy_gettext, use_language
from dialogues.messages import Attachment, Incoming, Reply
from dialogues.ports import ConversationKey, ConversationStore
from dialogues.rules.uploads import MAX_FILE_BYTES, UploadProblem
from dialogues.services import UploadStore
from nlu import Language

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
IGNORED_TYPES = frozenset({"reaction", "system", "ephemeral", "request_welcome", "order"})
TEMPLATE_BUTTON = "button"

VOICE = lazy_gettext("Sorry, I can't listen to voice messages. Please type your question.")
UNREADABLE = lazy_gettext("Sorry, I can only read text, photos and PDF documents here.")
REFUSED = lazy_gettext("Only JPG, PNG or PDF files of at most 6 MB can be used.")
LOST = lazy_gettext("Sorry, your file did not reach us. Please send it again.")


@dataclass(frozen=True, slots=True)
class Answer:
    """What to send back, in which language."""

    language: Language
    messages: tuple[Outgoing, ...]


class MessageHandler:
    """Answers WhatsApp messages through the dialogue engine."""

    def __init__(
        self,
        *,
        engine: DialogueEngine,
        client: WhatsAppClient,
        uploads: UploadStore,
        catalogs: Catalogs,
        store: ConversationStore | None = None,
    ) -> None:
        self._engine = engine
        self._client = client
        self._uploads = uploads
        self._catalogs = catalogs
        self._store = store

    async def answer(
        self, event: MessageEvent, *, received_at: datetime, released: int = 0
    ) -> Answer:
        """Answer one message. `released`: held messages the message just released (a tap
        on the template's button then needs no answer of its own)."""
        message = event.message
        wa_id = event.wa_id
        if message.type in IGNORED_TYPES:
            return await self._say(wa_id, ())
        if message.type == TEMPLATE_BUTTON and released:
            return await self._say(wa_id, ())
        if message.type == "audio":
            return await self._say(wa_id, (VOICE,))
        attachments: tuple[Attachment, ...] = ()
        text = ""
        if message.type == "text" and message.text is not None:
            text = message.text.body
        elif message.choice_id is not None:
            text = message.choice_id
        elif message.media is not None:
            taken = await self._take_file(event, received_at)
            if not isinstance(taken, Attachment):
                return await self._say(wa_id, (taken,))
            attachments = (taken,)
            text = message.media.caption or ""
        else:
            return await self._say(wa_id, (UNREADABLE,))
        incoming = Incoming(
            channel=CHANNEL,
            user_id=wa_id,
            text=text,
            language_hint=hint_of(wa_id),
            received_at=received_at,
            metadata={"message_id": message.id},
            attachments=attachments,
        )
        replies = await self._engine.handle(incoming)
        language = await self._language(wa_id)
        with use_language(self._catalogs, language):
            rendered = tuple(m for reply in replies for m in render(reply))
        return Answer(language, rendered)

    async def _take_file(
        self, event: MessageEvent, received_at: datetime
    ) -> Attachment | LazyProxy:
        """Download the user's image or document and keep it; or say why not."""
        media = event.message.media
        assert media is not None
        try:
            info = await self._client.get_media_url(media.id)
            if info.file_size is not None and info.file_size > MAX_FILE_BYTES:
                return REFUSED
            data = await self._client.download_media(info.url, max_bytes=MAX_FILE_BYTES)
        except WhatsAppError as error:
            if error.action is Action.RETRY_LATER:
                raise  # the inbox tries the message again later
            log.warning("whatsapp media %s could not be downloaded: %s", media.id, error)
            return LOST
        if data is None:
            return REFUSED
        stored = await self._uploads.store(
            CHANNEL, event.wa_id, data, name=media.filename, now=received_at
        )
        if isinstance(stored, UploadProblem):
            return REFUSED
        return stored

    async def _say(self, wa_id: str, texts: tuple[LazyProxy, ...]) -> Answer:
        """Answer in the channel's own words, translated into the user's language."""
        language = await self._language(wa_id)
        with use_language(self._catalogs, language):
            replies = [Reply(str(text)) for text in texts]
            rendered = tuple(m for reply in replies for m in render(reply))
        return Answer(language, rendered)

    async def _language(self, wa_id: str) -> Language:
        if self._store is not None:
            try:
                stored = await self._store.load(ConversationKey(CHANNEL, wa_id))
            except Exception:  # a store outage must not cost the answer
                log.warning("conversation store unavailable; answering in the hinted language")
                stored = None
            if stored is not None and stored.language is not None:
                return stored.language
        return language_from_hint(hint_of(wa_id)) or Language.ID


def hint_of(wa_id: str) -> str | None:
    """Return a language hint from the number: Indonesian for +62, else none."""
    return "id" if wa_id.startswith("62") else None
