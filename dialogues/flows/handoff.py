"""Handing over to people: a human officer or a complaint, through the official channels."""

from __future__ import annotations

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer
from dialogues.flows.menu import short_menu
from dialogues.state import Conversation


def hand_off(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Give the official channels for talking to an officer or complaining."""
    topic = Topic(turn.intent)
    return answer(turn.intent, conversation.leave(), context, topic=topic, buttons=short_menu())
