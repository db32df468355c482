"""Answers to the frequently asked questions, one content entry per `faq_*` intent."""

from __future__ import annotations

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer
from dialogues.flows.menu import short_menu
from dialogues.state import Conversation


def answer_faq(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer the question the intent names."""
    topic = Topic(turn.intent)
    return answer(turn.intent, conversation, context, topic=topic, buttons=short_menu())
