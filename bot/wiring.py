"""The composition root: builds the parser, the store, the engine and the app from settings."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

import httpx
from fastapi import APIRouter, FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.app import create_app
from backend.config import Settings
from backend.conversations import RedisConversationStore
from backend.db.engine import make_engine, make_sessionmaker
from backend.delivery.senders import ConsoleSender, RestCallbackSender, SenderRegistry
from backend.expiring import shared_keys
from backend.ownership import ChatOwners, DatabaseOwners, RedisOwners
from backend.rasa_nlu import RasaNluParser
from backend.services import build_services
from dialogues.content import Content
from dialogues.engine import DialogueEngine
from dialogues.i18n import Catalogs
from dialogues.memory import InMemoryConversationStore
from dialogues.ports import Clock, ConversationStore
from dialogues.services import Services
from nlu import IntentParser, load_parser
from nlu.commands import ensure_model

if TYPE_CHECKING:
    from bot.telegram.application import TelegramApplication
    from bot.whatsapp.channel import WhatsAppChannel


class Closeable(Protocol):
    """A client whose connections are closed when the process stops."""

    async def aclose(self) -> None:
        """Close the connections."""
        ...


@dataclass
class Runtime:
    """What one process runs with, and what must be closed when it stops."""

    engine: DialogueEngine
    parser: IntentParser
    database: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    services: Services
    redis: Redis | None = None
    http: list[httpx.AsyncClient] = field(default_factory=list)
    store: ConversationStore | None = None
    owners: ChatOwners = field(default_factory=DatabaseOwners)

    async def aclose(self) -> None:
        """Close the connections this runtime opened."""
        for client in self.http:
            await client.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.database.dispose()


def build_parser(settings: Settings) -> tuple[IntentParser, list[httpx.AsyncClient]]:
    """Return the configured intent parser, training the built-in model when missing."""
    if settings.nlu_engine == "rasa":
        client = httpx.AsyncClient(
            base_url=str(settings.rasa_url), timeout=settings.rasa_timeout_seconds
        )
        return RasaNluParser(client), [client]
    data_dir = settings.nlu_data_dir or Path(__file__).resolve().parent.parent / "nlu/data/train"
    return load_parser(ensure_model(data_dir, settings.nlu_model_dir)), []


def build_store(
    settings: Settings, clock: Clock | None = None
) -> tuple[ConversationStore, Redis | None]:
    """Return Redis when configured, else the in-memory store (expiring by `clock`)."""
    ttl = timedelta(seconds=settings.conversation_ttl_seconds)
    if settings.redis_url is None:
        return InMemoryConversationStore(ttl=ttl, clock=clock), None
    client = Redis.from_url(str(settings.redis_url))
    return RedisConversationStore(client, ttl=ttl), client


def build_runtime(settings: Settings, *, clock: Clock | None = None) -> Runtime:
    """Wire the engine with its parser, store, catalogs, content and services.

    `clock` tells the time ("today" for the eligibility walkthrough, conversation expiry);
    the real clock by default, a fixed one in tests.
    """
    parser, clients = build_parser(settings)
    store, redis = build_store(settings, clock)
    # Connections open lazily: building the runtime touches no database.
    database = make_engine(settings.database_url)
    sessions = make_sessionmaker(database)
    # With Redis, whether an officer owns the chat is read there, not queried per message.
    owners = RedisOwners(redis, sessions) if redis is not None else DatabaseOwners()
    services = build_services(sessions, uploads_dir=settings.uploads_dir, owners=owners)
    engine = DialogueEngine(
        parser=parser,
        store=store,
        catalogs=Catalogs(settings.locales_dir),
        content=Content.load(),
        clock=clock,
        services=services,
    )
    return Runtime(
        engine=engine,
        parser=parser,
        database=database,
        sessions=sessions,
        services=services,
        redis=redis,
        http=clients,
        store=store,
        owners=owners,
    )


def build_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """Return the ASGI app of `jamsos serve`; `clock` as for `build_runtime`."""
    runtime = build_runtime(settings, clock=clock)
    telegram = build_telegram(settings, runtime, clock=clock)
    whatsapp = build_whatsapp(settings, runtime, clock=clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if telegram is not None:
                await stack.enter_async_context(telegram)  # initialize: getMe
            if whatsapp is not None:
                await stack.enter_async_context(whatsapp.running())  # the inbox consumer
            # What was built at start (the model, the catalogs, the content) lives as long as
            # the process: frozen, the collector stops walking it on every full collection.
            gc.collect()
            gc.freeze()
            yield
        await runtime.aclose()

    channels: list[APIRouter] = []
    if telegram is not None:
        # Imported only when configured: PTB adds a third of a second to every start.
        from bot.telegram import webhook

        channels.append(webhook.router)
    if whatsapp is not None:
        channels.append(whatsapp.router)
    app = create_app(
        engine=runtime.engine,
        parser=runtime.parser,
        sessions=runtime.sessions,
        services=runtime.services,
        lifespan=lifespan,
        clock=clock.now if clock is not None else None,
        settings=settings,
        owners=runtime.owners,
        keys=shared_keys(
            redis=runtime.redis,
            sessions=runtime.sessions,
            clock=clock.now if clock is not None else None,
        ),
        channels=channels,
    )
    if telegram is not None:
        from bot.telegram import setup

        app.state.telegram = setup.build_webhook(settings, telegram)
    return app


def app_from_environment() -> FastAPI:
    """Return the app from the environment's settings: one worker of `jamsos serve --workers`."""
    from backend.config import get_settings
    from bot.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    return build_app(settings)


def build_telegram(
    settings: Settings, runtime: Runtime, *, clock: Clock | None = None
) -> TelegramApplication | None:
    """Return the Telegram channel's Application when TELEGRAM_BOT_TOKEN is set, else None."""
    if settings.telegram_bot_token is None:
        return None
    from bot.telegram import setup

    return setup.build_channel(
        settings,
        engine=runtime.engine,
        services=runtime.services,
        keys=setup.shared_keys(runtime.redis, runtime.sessions),
        sessions=runtime.sessions,
        clock=clock.now if clock is not None else None,
    )


def build_whatsapp(
    settings: Settings, runtime: Runtime, *, clock: Clock | None = None
) -> WhatsAppChannel | None:
    """Return the WhatsApp channel (webhook routes, inbox consumer) when configured, else None."""
    from bot.whatsapp.channel import build_channel, whatsapp_config

    config = whatsapp_config(settings)
    if config is None:
        return None
    from backend.expiring import RedisExpiringKeys, SqlExpiringKeys
    from backend.reachability import SqlReachability

    now = clock.now if clock is not None else None
    return build_channel(
        config,
        engine=runtime.engine,
        sessions=runtime.sessions,
        uploads=runtime.services.uploads,
        catalogs=Catalogs(settings.locales_dir),
        reachability=SqlReachability(runtime.sessions),
        keys=(
            RedisExpiringKeys(runtime.redis)
            if runtime.redis is not None
            else SqlExpiringKeys(runtime.sessions, clock=now)
        ),
        store=runtime.store,
        clock=now,
    )


def build_senders(
    settings: Settings,
    console: TextIO,
    sessions: async_sessionmaker[AsyncSession] | None = None,
) -> tuple[SenderRegistry, list[Closeable]]:
    """Return the outbox senders by channel, and the clients to close after.

    `console` always (written to `console`); `rest` only when REST_CALLBACK_URL is set: without
    it REST-channel messages stay queued (the REST channel has no way to reach a user
    otherwise); `telegram` when TELEGRAM_BOT_TOKEN is set and `sessions` are given (it marks
    users who blocked the bot); `whatsapp` when WhatsApp is configured and `sessions` are given
    (its messages are queued in `whatsapp_message`, templates outside the 24 hours).
    """
    senders = SenderRegistry({"console": ConsoleSender(console)})
    clients: list[Closeable] = []
    if settings.rest_callback_url is not None:
        client = httpx.AsyncClient(timeout=settings.rest_callback_timeout_seconds)
        clients.append(client)
        senders.register("rest", RestCallbackSender(client, str(settings.rest_callback_url)))
    if settings.telegram_bot_token is not None and sessions is not None:
        from bot.telegram import setup

        telegram_sender = setup.build_sender(settings, sessions)
        clients.append(telegram_sender)
        senders.register("telegram", telegram_sender)
    if sessions is not None:
        from bot.whatsapp.channel import build_sender, whatsapp_config

        whatsapp = whatsapp_config(settings)
        if whatsapp is not None:
            from backend.reachability import SqlReachability

            whatsapp_sender, whatsapp_client = build_sender(
                whatsapp, sessions=sessions, reachability=SqlReachability(sessions)
            )
            clients.append(whatsapp_client)
            senders.register("whatsapp", whatsapp_sender)
    return senders, clients
