"""Sending rendered messages through the Bot API, one call each, in order.

Link previews are off: the answers name the official site in nearly every message, and a
preview card under each would bury the answer.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import timedelta

from telegram import Bot, LinkPreviewOptions
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.render import PARSE_MODE, PhotoMessage, TelegramMessage, TextMessage

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send_messages(bot: Bot, chat_id: int, messages: Iterable[TelegramMessage]) -> None:
    """Send each message to the chat; Telegram's errors propagate (`telegram.error`)."""
    for message in messages:
        if isinstance(message, TextMessage):
            await bot.send_message(
                chat_id,
                message.text,
                parse_mode=PARSE_MODE,
                reply_markup=message.keyboard,
                link_preview_options=NO_PREVIEW,
            )
        elif isinstance(message, PhotoMessage):
            await bot.send_photo(
                chat_id,
                message.photo,
                caption=message.caption,
                parse_mode=PARSE_MODE,
                reply_markup=message.keyboard,
                filename="image.png" if isinstance(message.photo, bytes) else None,
            )
        else:
            await bot.send_document(
                chat_id,
                message.document,
                caption=message.caption,
                parse_mode=PARSE_MODE,
                reply_markup=message.keyboard,
                filename=message.filename,
            )


def retry_after(error: RetryAfter) -> timedelta:
    """Return how long Telegram asked to wait (PTB 22 gives seconds or a timedelta)."""
    with warnings.catch_warnings():
        # Reading it as seconds is deprecated in PTB 22.2; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
