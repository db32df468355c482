"""The composition root: builds the parser, the store, the engine and the app from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.app import create_app
from backend.config import Settings
from backend.conversations import RedisConversationStore
from backend.db.engine import make_engine, make_sessionmaker
from backend.rasa_nlu import RasaNluParser
from dialogues.content import Content
from dialogues.engine import DialogueEngine
from dialogues.i18n import Catalogs
from dialogues.memory import InMemoryConversationStore
from dialogues.ports import Clock, ConversationStore
from nlu import IntentParser, load_parser
from nlu.commands import ensure_model


@dataclass
class Runtime:
    """What one process runs with, and what must be closed when it stops."""

    engine: DialogueEngine
    parser: IntentParser
    database: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis | None = None
    http: list[httpx.AsyncClient] = field(default_factory=list)

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
    """Wire the engine with its parser, store, catalogs and content.

    `clock` tells the time ("today" for the eligibility walkthrough, conversation expiry);
    the real clock by default, a fixed one in tests.
    """
    parser, clients = build_parser(settings)
    store, redis = build_store(settings, clock)
    engine = DialogueEngine(
        parser=parser,
        store=store,
        catalogs=Catalogs(settings.locales_dir),
        content=Content.load(),
        clock=clock,
    )
    # Connections open lazily: building the runtime touches no database.
    database = make_engine(settings.database_url)
    return Runtime(
        engine=engine,
        parser=parser,
        database=database,
        sessions=make_sessionmaker(database),
        redis=redis,
        http=clients,
    )


def build_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """Return the ASGI app of `jamsos serve`; `clock` as for `build_runtime`."""
    runtime = build_runtime(settings, clock=clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await runtime.aclose()

    return create_app(
        engine=runtime.engine,
        parser=runtime.parser,
        sessions=runtime.sessions,
        lifespan=lifespan,
        clock=clock.now if clock is not None else None,
    )
