"""The one ASGI app: REST channel, parse API, and (later) webhooks and the back office."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.deps import Clock
from backend.api.problems import install_error_handlers
from backend.api.router import api_router
from backend.config import Settings
from backend.expiring import ExpiringKeys, InMemoryExpiringKeys, SqlExpiringKeys
from backend.ownership import ChatOwners
from dialogues.engine import DialogueEngine
from dialogues.services import Services
from nlu import IntentParser

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    *,
    engine: DialogueEngine,
    parser: IntentParser,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    services: Services | None = None,
    lifespan: Lifespan | None = None,
    clock: Clock | None = None,
    settings: Settings | None = None,
    owners: ChatOwners | None = None,
    keys: ExpiringKeys | None = None,
    channels: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app around an engine and a parser made by the caller (`bot` wires them).

    `sessions` makes the database session of each request that needs one; `services` are the
    engine's (the REST channel keeps uploaded files with them); `clock` is what
    routes read "today" from (the real clock when None), the same clock
    the engine was built with. `settings` are what routes may read (officer login lifetime,
    ...); the defaults when None. `owners` tells whether a human owns a chat, the same the
    engine's ticket service asks (`backend.ownership`; the database when None). `keys` are
    the expiring keys every server process shares (failed officer logins are counted there):
    Redis or the database (`backend.expiring.shared_keys`); the database's when None.
    `channels` are the webhook routers of the channels configured (Telegram, WhatsApp).
    """

    @asynccontextmanager
    async def _no_lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(title="Jamsos", version="0.1.0", lifespan=lifespan or _no_lifespan)
    app.state.engine = engine
    app.state.parser = parser
    app.state.sessions = sessions
    app.state.services = services
    app.state.clock = clock
    app.state.owners = owners
    if keys is None:
        keys = (
            SqlExpiringKeys(sessions, clock=clock)
            if sessions is not None
            else InMemoryExpiringKeys(clock)
        )
    app.state.keys = keys
    app.state.settings = settings or Settings(_env_file=None)
    install_error_handlers(app)
    # The channels' webhooks first: the routes are tried in order for every request, and
    # theirs are the requests that come by the thousand.
    for router in channels:
        app.include_router(router)
    app.include_router(api_router)
    return app
