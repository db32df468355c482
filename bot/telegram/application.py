"""The PTB `Application` of the Telegram channel, built without an `Updater`.

Updates come in through our webhook route (`bot.telegram.webhook`) or our polling loop
(`bot.telegram.commands.poll`) and are handed to `Application.process_update`; PTB parses
them, picks a handler (`bot.telegram.handlers`) and sends through its `ExtBot`.

Every request goes through `AIORateLimiter`: at most `messages_per_second` messages
overall (Telegram's bulk limit), and a 429 is tried again after its `retry_after`, up to
`max_retries` times (PTB's default of 0 would give up at once). The outbox worker's bot is
built with `max_retries=0`: it reschedules the message instead of sleeping (`sender`).

Calls go over aiohttp (`bot.telegram.request`): a fifth to a quarter of the CPU of PTB's httpx
default.

`api_base_url` is the Bot API server's root: Telegram's (`https://api.telegram.org`), a local
Bot API server, or a fake one in tests; methods go to `<root>/bot<token>/<method>` and
files come from `<root>/file/bot<token>/<path>`.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import AIORateLimiter, Application, ExtBot

from bot.telegram.request import AiohttpRequest

TelegramApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
TelegramBot: TypeAlias = ExtBot[Any]


def api_urls(api_base_url: str) -> tuple[str, str]:
    """Return PTB's `base_url` and `base_file_url` for a Bot API server's root."""
    root = api_base_url.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def rate_limiter(messages_per_second: float, max_retries: int) -> AIORateLimiter:
    """Return the limiter: `messages_per_second` overall, `max_retries` tries after a 429."""
    return AIORateLimiter(
        overall_max_rate=messages_per_second, overall_time_period=1, max_retries=max_retries
    )


def build_application(
    *, token: str, api_base_url: str, messages_per_second: float = 30.0, max_retries: int = 2
) -> TelegramApplication:
    """Return an Application with no Updater and no JobQueue (state and jobs live elsewhere)."""
    base_url, base_file_url = api_urls(api_base_url)
    application: TelegramApplication = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .updater(None)
        .job_queue(None)
        .rate_limiter(rate_limiter(messages_per_second, max_retries))
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .build()
    )
    return application


def build_bot(
    *, token: str, api_base_url: str, messages_per_second: float = 30.0, max_retries: int = 0
) -> TelegramBot:
    """Return a bare bot (for the outbox worker): rate-limited, 429 re-raised by default."""
    base_url, base_file_url = api_urls(api_base_url)
    return ExtBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        rate_limiter=rate_limiter(messages_per_second, max_retries),
        request=AiohttpRequest(),
    )
