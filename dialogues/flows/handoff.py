"""Handing over to people: a ticket for an officer, and the official channels.

A request for a human or a complaint opens a ticket (`TicketService`, reference `TKT-...`)
holding the user's message. A request for a human also hands the chat to a human at once:
from then on the engine stays silent for this user and keeps their messages in the ticket,
until an officer hands the chat back. After a complaint the bot keeps answering until an
officer takes the chat over. The official channels (Care Center 175, branch offices, ...)
are given as before, for anything urgent.
"""

from __future__ import annotations

import logging

from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, answer
from dialogues.flows.menu import short_menu
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.services_cases import TicketKind
from dialogues.state import Conversation
from nlu import Intent

logger = logging.getLogger(__name__)


async def hand_off(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Open a ticket for an officer and give the official channels."""
    kind = TicketKind.COMPLAINT if turn.intent == Intent.COMPLAINT else TicketKind.HUMAN_AGENT
    topic = Topic(turn.intent)
    outcome = answer(turn.intent, conversation.leave(), context, topic=topic, buttons=short_menu())
    try:
        ticket = await context.services.tickets.open(
            turn.channel,
            turn.user_id,
            kind=kind,
            language=turn.language,
            message=turn.text,
            now=turn.now,
        )
    except Exception:
        # Without tickets the official channels still help; the bot keeps answering.
        logger.exception("opening a ticket failed")
        return outcome
    if kind == TicketKind.COMPLAINT:
        text = _(
            "I have also passed your complaint to our officers: ticket {reference}. An officer "
            "will answer you here in this chat.",
            reference=ticket.reference,
        )
    else:
        text = _(
            "I have also asked an officer to take over this chat: ticket {reference}. They will "
            "answer you here. Until they hand you back to me, everything you write here goes "
            "to them.",
            reference=ticket.reference,
        )
    return Outcome((*outcome.replies, Reply(text)), outcome.conversation)
