"""Service questions answered from content: contacts, paying, registering, tax, JKP duties,
and what a worker can do today about their own claim, membership and card."""

from __future__ import annotations

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer
from dialogues.flows.menu import short_menu
from dialogues.state import Conversation


def answer_info(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer the service question the intent names."""
    return answer(
        turn.intent, conversation, context, topic=Topic(turn.intent), buttons=short_menu()
    )
