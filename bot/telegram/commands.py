"""Setting the bot up with Telegram, and long polling for development.

- `register_commands`: the command menu (`setMyCommands`) in Indonesian (`language_code`
  "id") and English (the default for every other language).
- `set_webhook`: registers our URL with the secret token Telegram will send back and the
  update kinds we handle (`jamsos telegram set-webhook`, once per deployment, not on every
  start).
- `poll`: fetches updates with `getUpdates` and processes them as the webhook does
  (`jamsos telegram poll`); it removes the webhook first, as Telegram requires.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import BotCommand, Update
from telegram.error import NetworkError

from bot.telegram.application import TelegramApplication, TelegramBot
from dialogues.i18n import Catalogs, lazy_gettext, use_language
from nlu import Language

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
"""The update kinds we handle; edits and the rest are not even sent to us."""

DESCRIPTIONS = {
    "start": lazy_gettext("Start, with the main menu"),
    "help": lazy_gettext("What I can help you with"),
    "language": lazy_gettext("Choose the language: Bahasa Indonesia or English"),
    "status": lazy_gettext("The status of my claims"),
    "stop": lazy_gettext("Stop reminders and what we are doing"),
}
"""The command menu (the commands themselves are mapped in `handlers.COMMANDS`)."""

COMMAND_LANGUAGES: tuple[tuple[str | None, Language], ...] = (
    (None, Language.EN),
    ("id", Language.ID),
)


async def register_commands(bot: TelegramBot, catalogs: Catalogs) -> None:
    """Set the command menu in each language."""
    for language_code, language in COMMAND_LANGUAGES:
        with use_language(catalogs, language):
            commands = [BotCommand(name, str(text)) for name, text in DESCRIPTIONS.items()]
        await bot.set_my_commands(commands, language_code=language_code)


async def set_webhook(
    bot: TelegramBot,
    url: str,
    secret: str,
    *,
    max_connections: int = 40,
    drop_pending: bool = False,
) -> None:
    """Register `url` as the webhook, with the secret token and the update kinds we handle."""
    await bot.set_webhook(
        url,
        secret_token=secret,
        allowed_updates=list(ALLOWED_UPDATES),
        max_connections=max_connections,
        drop_pending_updates=drop_pending,
    )


async def poll(application: TelegramApplication, stop: asyncio.Event, *, wait: int = 30) -> int:
    """Process updates until `stop` is set (`getUpdates` waiting up to `wait` seconds each
    time); return how many were processed."""
    bot = application.bot
    await bot.delete_webhook()
    offset: int | None = None
    processed = 0
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            bot.get_updates(offset=offset, timeout=wait, allowed_updates=list(ALLOWED_UPDATES))
        )
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fetch
            break
        try:
            updates: tuple[Update, ...] = fetch.result()
        except NetworkError as error:
            log.warning("getUpdates failed (%s); trying again", error)
            await asyncio.sleep(1)
            continue
        for update in updates:
            offset = update.update_id + 1
            await application.process_update(update)
            processed += 1
    return processed
