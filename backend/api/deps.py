"""Dependencies of the HTTP routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

from dialogues.engine import DialogueEngine
from nlu import IntentParser


def get_engine(request: Request) -> DialogueEngine:
    """Return the dialogue engine the app was built with."""
    engine: DialogueEngine = request.app.state.engine
    return engine


def get_parser(request: Request) -> IntentParser:
    """Return the intent parser the app was built with."""
    parser: IntentParser = request.app.state.parser
    return parser


Clock = Callable[[], datetime]
"""Returns the current moment, time zone-aware."""


def utc_now() -> datetime:
    """Return the current moment in UTC (the real clock)."""
    return datetime.now(UTC)


def get_clock(request: Request) -> Clock:
    """Return the clock routes read "today" from: the app's, else the real clock."""
    clock: Clock | None = getattr(request.app.state, "clock", None)
    return clock or utc_now


EngineDep = Annotated[DialogueEngine, Depends(get_engine)]
ParserDep = Annotated[IntentParser, Depends(get_parser)]
ClockDep = Annotated[Clock, Depends(get_clock)]
