"""Building the Telegram channel from the settings and the runtime (`bot.wiring` calls these).

The keys shared by every process (updates seen, long button payloads) live in Redis when
REDIS_URL is set, else in the database; unreachable users are always in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.errors import InvalidInput
from backend.expiring import ExpiringKeys, RedisExpiringKeys, SqlExpiringKeys
from backend.reachability import SqlReachability
from bot.telegram.application import (
    TelegramApplication,
    TelegramBot,
    build_application,
    build_bot,
)
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.sender import TelegramSender
from bot.telegram.webhook import TelegramWebhook
from dialogues.engine import DialogueEngine
from dialogues.i18n import Catalogs
from dialogues.services import Services

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def token(settings: Settings) -> str:
    """Return the bot token, or raise InvalidInput naming the setting when it is unset."""
    if settings.telegram_bot_token is None:
        raise InvalidInput("TELEGRAM_BOT_TOKEN", "is not set")
    return settings.telegram_bot_token.get_secret_value()


def shared_keys(
    redis: Redis | None, sessions: async_sessionmaker[AsyncSession], clock: Clock | None = None
) -> ExpiringKeys:
    """Return the expiring keys every process shares: Redis if configured, else the database."""
    if redis is not None:
        return RedisExpiringKeys(redis)
    return SqlExpiringKeys(sessions, clock=clock)


def build_channel(
    settings: Settings,
    *,
    engine: DialogueEngine,
    services: Services,
    keys: ExpiringKeys,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock | None = None,
) -> TelegramApplication:
    """Return the PTB Application with our handlers registered (not yet initialised)."""
    application = build_application(
        token=token(settings),
        api_base_url=str(settings.telegram_api_base_url),
        messages_per_second=settings.telegram_messages_per_second,
        max_retries=settings.telegram_max_retries,
    )
    TelegramHandlers(
        engine=engine,
        uploads=services.uploads,
        keys=keys,
        reachability=SqlReachability(sessions),
        catalogs=Catalogs(settings.locales_dir),
        clock=clock or _utc_now,
    ).register(application)
    return application


def build_webhook(settings: Settings, application: TelegramApplication) -> TelegramWebhook:
    """Return the webhook's receiver (refusing everything when no secret is configured)."""
    secret = settings.telegram_webhook_secret
    return TelegramWebhook(application, secret.get_secret_value() if secret else None)


def build_sender(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock | None = None
) -> TelegramSender:
    """Return the outbox worker's sender (429 rescheduled by the worker, not slept on)."""
    bot = build_bot(
        token=token(settings),
        api_base_url=str(settings.telegram_api_base_url),
        messages_per_second=settings.telegram_messages_per_second,
        max_retries=0,
    )
    return TelegramSender(bot, SqlReachability(sessions), clock or _utc_now)


def build_bot_for_setup(settings: Settings) -> TelegramBot:
    """Return a bare bot for `jamsos telegram set-webhook` (a 429 waited out and retried)."""
    return build_bot(
        token=token(settings),
        api_base_url=str(settings.telegram_api_base_url),
        messages_per_second=settings.telegram_messages_per_second,
        max_retries=settings.telegram_max_retries,
    )
