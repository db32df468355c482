"""Telegram updates in, the engine's replies out: translate, delegate, render. No business here.

Handlers (registered on the PTB Application by `TelegramHandlers.register`, in this order):

- every update first passes `once`: an `update_id` seen before (Telegram redelivers when
  unsure) stops there, so nothing is answered twice; the mark is shared by all processes;
- `/start`, `/help`, `/language`, `/status`, `/stop` become the payloads of their intents
  (`COMMANDS`; `/stop`, what Telegram users type to make a bot stop messaging them, ends the
  JKP reminders and leaves the flow going on); another command is answered as `/help`;
- text is the message; a pressed button (callback query) is its payload, and the query is
  answered at once so the button stops spinning;
- a photo or a document is downloaded through the Bot API and checked and kept by the upload
  store (type by its bytes, 6 MB at most), then handed over as the message's attachment with
  its caption as the text; a refused or undownloadable file is answered here, since no
  conversation changes for it (in the language of the user's Telegram);
- stickers, voice notes, locations, contacts, videos and the like reach the engine as an empty
  message (it asks for text); edited messages, group chats and service messages are ignored;
- `my_chat_member` updates say when a user blocks the bot (marked unreachable, which ends
  their JKP reminders at once) or comes back.

The user's `language_code` is the language hint. Private chats only: there the chat id is
the user id, which is what the outbox addresses (`sender`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeAlias

from telegram import ChatMember, Document, Message, PhotoSize, Update, User
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from backend.errors import StorageUnavailable
from backend.expiring import ExpiringKeys
from backend.reachability import Reachability
from bot.telegram import CHANNEL
from bot.telegram.application import TelegramApplication
from bot.telegram.buttons import ButtonPayloads
from bot.telegram.render import render
from bot.telegram.send import send_messages
from dialogues.engine import DialogueEngine, language_from_hint
from dialogues.errors import ServiceUnavailable
from dialogues.i18n import Catalogs, use_language
from dialogues.i18n import gettext as _
from dialogues.messages import Attachment, Incoming, Reply
from dialogues.rules.uploads import MAX_FILE_BYTES, MAX_FILE_MB, UploadProblem
from dialogues.services import UploadStore
from nlu import Language

log = logging.getLogger(__name__)

Context: TypeAlias = CallbackContext[Any, Any, Any, Any]
Clock = Callable[[], datetime]
SEEN_TTL = timedelta(hours=48)
"""How long an update id is remembered: Telegram gives up redelivering after 24 hours."""

COMMANDS: dict[str, str] = {
    "start": "/greet",
    "help": "/help",
    "language": "/change_language",
    "status": "/claim_status",
    "stop": "/jkp_reminder_unsubscribe",
}
"""Each command and the payload it sends (the intent it stands for)."""

_PRIVATE_MESSAGE = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
_NOT_READ = (
    filters.Sticker.ALL
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
)


class TelegramHandlers:
    """The channel's PTB handlers, around the engine and the stores they need."""

    def __init__(
        self,
        *,
        engine: DialogueEngine,
        uploads: UploadStore,
        keys: ExpiringKeys,
        reachability: Reachability,
        catalogs: Catalogs,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._uploads = uploads
        self._keys = keys
        self._buttons = ButtonPayloads(keys)
        self._reachability = reachability
        self._catalogs = catalogs
        self._clock = clock

    def register(self, application: TelegramApplication) -> None:
        """Add the handlers (and the error handler) to the application."""
        application.add_handler(TypeHandler(Update, self.once), group=-1)
        application.add_handlers(
            [
                ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
                CallbackQueryHandler(self.on_button),
                MessageHandler(_PRIVATE_MESSAGE & filters.COMMAND, self.on_command),
                MessageHandler(_PRIVATE_MESSAGE & filters.TEXT, self.on_text),
                MessageHandler(
                    _PRIVATE_MESSAGE & (filters.PHOTO | filters.Document.ALL), self.on_file
                ),
                MessageHandler(_PRIVATE_MESSAGE & _NOT_READ, self.on_unreadable),
            ]
        )
        application.add_error_handler(self.on_error)

    async def once(self, update: Update, context: Context) -> None:
        """Stop an update that was processed before (by any process)."""
        try:
            first = await self._keys.add(f"{CHANNEL}:update:{update.update_id}", SEEN_TTL)
        except StorageUnavailable:
            # Answering a redelivery twice beats not answering at all.
            log.warning("update %d: can't tell if seen before; processing it", update.update_id)
            return
        if not first:
            log.info("update %d was processed before: ignored", update.update_id)
            raise ApplicationHandlerStop

    async def on_command(self, update: Update, context: Context) -> None:
        """Send a command as the payload of its intent."""
        message = _message(update)
        name = (message.text or "/").split()[0][1:].split("@")[0].lower()
        await self._answer(update, context, COMMANDS.get(name, COMMANDS["help"]))

    async def on_text(self, update: Update, context: Context) -> None:
        """Send the text."""
        await self._answer(update, context, _message(update).text or "")

    async def on_button(self, update: Update, context: Context) -> None:
        """Stop the button's spinner, then send its payload."""
        query = update.callback_query
        assert query is not None  # the handler matched a callback query
        try:
            await query.answer()
        except TelegramError as error:  # too old to answer: the press still counts
            log.info("callback query not answered: %s", error)
        await self._answer(update, context, await self._buttons.payload(query.data or ""))

    async def on_file(self, update: Update, context: Context) -> None:
        """Download, check and keep the file; send it with its caption."""
        kept = await self._keep_file(update, context)
        if isinstance(kept, Attachment):
            await self._answer(update, context, _message(update).caption or "", (kept,))
        else:
            await self._refuse(update, context, kept)

    async def on_unreadable(self, update: Update, context: Context) -> None:
        """Send a sticker, voice note, location... as an empty message (with its caption)."""
        await self._answer(update, context, _message(update).caption or "")

    async def on_membership(self, update: Update, context: Context) -> None:
        """Mark the user unreachable when they block the bot (their reminders end),
        reachable when they return."""
        change = update.my_chat_member
        if change is None or change.chat.type != change.chat.PRIVATE:
            return
        user_id = str(change.from_user.id)
        status = change.new_chat_member.status
        if status == ChatMember.BANNED:
            await self._reachability.mark_unreachable(
                CHANNEL, user_id, reason="blocked the bot", now=self._clock()
            )
        elif status == ChatMember.MEMBER:
            await self._reachability.mark_reachable(CHANNEL, user_id)

    async def on_error(self, update: object, context: Context) -> None:
        """Log a failed update with its id (PTB has caught the error)."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram update %s failed", update_id, exc_info=context.error)

    async def _answer(
        self, update: Update, context: Context, text: str, files: tuple[Attachment, ...] = ()
    ) -> None:
        user = _user(update)
        incoming = Incoming(
            channel=CHANNEL,
            user_id=str(user.id),
            text=text,
            language_hint=user.language_code,
            metadata={"update_id": update.update_id},
            attachments=files,
        )
        await self._send(update, context, await self._engine.handle(incoming))

    async def _send(self, update: Update, context: Context, replies: list[Reply]) -> None:
        user_id = str(_user(update).id)
        try:
            await self._buttons.keep(replies)
        except StorageUnavailable:
            log.warning("long button payloads not kept: those buttons will answer as stale")
        try:
            for reply in replies:
                await send_messages(context.bot, _user(update).id, render(reply))
        except Forbidden as error:
            log.info("telegram user refuses the bot: %s", error.message)
            await self._reachability.mark_unreachable(
                CHANNEL, user_id, reason=error.message, now=self._clock()
            )

    async def _keep_file(
        self, update: Update, context: Context
    ) -> Attachment | UploadProblem | None:
        """Return the file kept, or why it was refused (None: it could not be had)."""
        file = _file_of(_message(update))
        if file.file_size and file.file_size > MAX_FILE_BYTES:
            return UploadProblem.TOO_LARGE  # refused before downloading it
        try:
            data = await (await context.bot.get_file(file.file_id)).download_as_bytearray()
            name = file.file_name if isinstance(file, Document) else None
            return await self._uploads.store(
                CHANNEL, str(_user(update).id), bytes(data), name=name, now=self._clock()
            )
        except TelegramError:
            log.warning("file of update %d could not be downloaded", update.update_id)
        except ServiceUnavailable:
            log.exception("file of update %d could not be kept", update.update_id)
        return None

    async def _refuse(
        self, update: Update, context: Context, problem: UploadProblem | None
    ) -> None:
        """Say why a file was not taken, in the language of the user's Telegram."""
        language = language_from_hint(_user(update).language_code) or Language.ID
        with use_language(self._catalogs, language):
            if problem == UploadProblem.TOO_LARGE:
                text = _(
                    "That file is larger than {size} MB, so I can't take it. Please send a "
                    "smaller photo or PDF.",
                    size=MAX_FILE_MB,
                )
            elif problem is None:
                text = _("Sorry, I couldn't receive your file. Please send it again.")
            else:
                text = _(
                    "I can only take JPG or PNG photos and PDF files (checked by their "
                    "content). Please send the document as a photo or a PDF."
                )
        await self._send(update, context, [Reply(text)])


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None  # the handler's filter matched a message
    return message


def _user(update: Update) -> User:
    user = update.effective_user
    assert user is not None  # private chats and button presses always have one
    return user


def _file_of(message: Message) -> Document | PhotoSize:
    """Return the document, or the largest size of the photo that may be uploaded."""
    if message.document is not None:
        return message.document
    sizes = sorted(message.photo, key=lambda size: size.width * size.height)
    fitting = [size for size in sizes if (size.file_size or 0) <= MAX_FILE_BYTES]
    return (fitting or sizes)[-1]
