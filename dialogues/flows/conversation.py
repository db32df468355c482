"""Small talk around the service: greeting, menu, thanks, goodbye, yes/no, and the fallback."""

from __future__ import annotations

from dialogues.flows.base import FlowContext, Outcome, Turn
from dialogues.flows.menu import main_menu, short_menu
from dialogues.flows.pausing import PAUSED
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.state import Conversation


def greet(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Greet the user and show the main menu."""
    text = _(
        "Hello! I am Jamsos, a chat assistant for BPJS Ketenagakerjaan (BPJAMSOSTEK) "
        "participants, also for Indonesian migrant workers abroad. I can explain the programs "
        "(JHT, JKK, JKM, JP, JKP), what you can claim and which documents you need. "
        "What would you like to know?"
    )
    return Outcome((Reply(text, buttons=main_menu()),), conversation)


def menu(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Say what the bot can do and show the main menu."""
    text = _(
        "I can help you with:\n"
        "• what each program (JHT, JKK, JKM, JP, JKP) is and pays\n"
        "• whether you can claim yet, and which documents you need\n"
        "• contributions, registration and how to pay\n"
        "• online claims, offices and official contacts\n"
        "Choose a topic below or just type your question."
    )
    return Outcome((Reply(text, buttons=main_menu()),), conversation)


def thanks(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer thanks."""
    text = _("You're welcome! Is there anything else I can help you with?")
    return Outcome((Reply(text, buttons=short_menu()),), conversation)


def goodbye(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Say goodbye and leave any flow, paused walkthroughs included."""
    text = _('Goodbye, and take care! Type "menu" whenever you need me again.')
    return Outcome((Reply(text),), conversation.leave(PAUSED))


def affirm(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer a yes that answers no question."""
    text = _("All right. What else would you like to know?")
    return Outcome((Reply(text, buttons=short_menu()),), conversation)


def deny(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer a no that answers no question."""
    text = _("No problem. If you have another question, just type it or choose from the menu.")
    return Outcome((Reply(text, buttons=short_menu()),), conversation)


def fallback(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Say politely that this is outside what the bot serves, and offer the short menu."""
    text = _(
        "Sorry, I can't help with that. I answer questions about BPJS Ketenagakerjaan: "
        "the programs, claims, documents, contributions and contacts. "
        "For health insurance (BPJS Kesehatan) please contact BPJS Kesehatan."
    )
    return Outcome((Reply(text, buttons=short_menu()),), conversation)


def empty(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Ask for a question when the message had no text in it."""
    text = _("I didn't receive any text. Please type your question, or choose from the menu.")
    return Outcome((Reply(text, buttons=short_menu()),), conversation)


def stale_button(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer a button from an old or unknown menu."""
    text = _("That button is no longer active. Please choose again from the menu.")
    return Outcome((Reply(text, buttons=main_menu()),), conversation.leave())


def unexpected_files(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Answer a file sent when no claim is waiting for one."""
    text = _(
        "Thank you, I received your file, but I'm not waiting for a document right now. "
        'To file a claim here in the chat, type for example "klaim JHT".'
    )
    return Outcome((Reply(text, buttons=short_menu()),), conversation)
