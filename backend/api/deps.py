"""Dependencies of the HTTP routes, as `Annotated` aliases."""

from __future__ import annotations

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


EngineDep = Annotated[DialogueEngine, Depends(get_engine)]
ParserDep = Annotated[IntentParser, Depends(get_parser)]
