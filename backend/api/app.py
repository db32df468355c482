"""The one ASGI app: REST channel, parse API, and (later) webhooks and the back office."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.deps import Clock
from backend.api.router import api_router
from dialogues.engine import DialogueEngine
from nlu import IntentParser

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(
    *,
    engine: DialogueEngine,
    parser: IntentParser,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    lifespan: Lifespan | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the app around an engine and a parser made by the caller (`bot` wires them).

    `sessions` makes the database session of each request that needs one; `clock` is what
    routes read "today" from (the real clock when None), the same clock
    the engine was built with.
    """

    @asynccontextmanager
    async def _no_lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(title="Jamsos", version="0.1.0", lifespan=lifespan or _no_lifespan)
    app.state.engine = engine
    app.state.parser = parser
    app.state.sessions = sessions
    app.state.clock = clock
    app.include_router(api_router)
    return app
