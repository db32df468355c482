"""Dependencies of the HTTP routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.ownership import ChatOwners, DatabaseOwners
from dialogues.engine import DialogueEngine
from dialogues.services import Services
from nlu import IntentParser


async def get_engine(request: Request) -> DialogueEngine:
    """Return the dialogue engine the app was built with.

    These getters are `async` though they never wait: FastAPI runs a plain function
    dependency in its thread pool, a thread hand-off on every request.
    """
    engine: DialogueEngine = request.app.state.engine
    return engine


async def get_parser(request: Request) -> IntentParser:
    """Return the intent parser the app was built with."""
    parser: IntentParser = request.app.state.parser
    return parser


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield one database session for the request; the route commits what it changes."""
    sessions: async_sessionmaker[AsyncSession] | None = request.app.state.sessions
    if sessions is None:
        raise RuntimeError("the app was built without a database")
    async with sessions() as session:
        yield session


Clock = Callable[[], datetime]
"""Returns the current moment, time zone-aware."""


def utc_now() -> datetime:
    """Return the current moment in UTC (the real clock)."""
    return datetime.now(UTC)


def get_services(request: Request) -> Services:
    """Return the services the engine was built with (uploads, for the REST channel)."""
    services: Services | None = getattr(request.app.state, "services", None)
    if services is None:
        raise RuntimeError("the app was built without services")
    return services


async def get_clock(request: Request) -> Clock:
    """Return the clock routes read "today" from: the app's, else the real clock."""
    clock: Clock | None = getattr(request.app.state, "clock", None)
    return clock or utc_now


async def get_owners(request: Request) -> ChatOwners:
    """Return who tells whether a human owns a chat (the database when none was given)."""
    owners: ChatOwners | None = getattr(request.app.state, "owners", None)
    return owners or DatabaseOwners()


async def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[DialogueEngine, Depends(get_engine)]
ParserDep = Annotated[IntentParser, Depends(get_parser)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
OwnersDep = Annotated[ChatOwners, Depends(get_owners)]
