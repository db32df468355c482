"""Switching the reply language, with a question when the user didn't say which.

Diagram: `language.mmd` beside this file.
"""

from __future__ import annotations

from enum import StrEnum

from dialogues.flows.base import FlowContext, Outcome, Turn, button
from dialogues.flows.menu import main_menu
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Reply
from dialogues.state import Conversation
from nlu import Intent, Language

FLOW = "language"
# Each language is named in itself, as language pickers do.
LANGUAGE_NAMES = {Language.ID: "Bahasa Indonesia", Language.EN: "English"}


class Step(StrEnum):
    """The steps of the language flow."""

    CHOOSING = "choosing"


class Event(StrEnum):
    """What a user's message means to this flow."""

    CHOSEN = "chosen"
    UNCLEAR = "unclear"


# (step, event) -> next step; None leaves the flow.
TRANSITIONS: dict[tuple[Step | None, Event], Step | None] = {
    (None, Event.CHOSEN): None,
    (None, Event.UNCLEAR): Step.CHOOSING,
    (Step.CHOOSING, Event.CHOSEN): None,
}


def _confirm(conversation: Conversation) -> Outcome:
    # The engine has already switched the update's language to the one chosen.
    text = _(
        "All right, from now on I will answer in {language}. How can I help you?",
        language=LANGUAGE_NAMES[current_language()],
    )
    # Leave the language question, but not a walkthrough waiting while this is answered.
    done = conversation.leave() if conversation.flow == FLOW else conversation
    return Outcome((Reply(text, buttons=main_menu()),), done)


def _ask(conversation: Conversation) -> Outcome:
    text = _("Which language would you like? / Mau pakai bahasa apa?")
    buttons = tuple(
        button(LANGUAGE_NAMES[language], Intent.CHANGE_LANGUAGE, language=language.value)
        for language in Language
    )
    step = TRANSITIONS[(None, Event.UNCLEAR)]
    return Outcome((Reply(text, buttons=buttons),), conversation.enter(FLOW, str(step)))


def _chosen(turn: Turn) -> Language | None:
    value = turn.entity("language")
    return Language(value) if value in {lang.value for lang in Language} else None


def start(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Switch to the language asked for, or ask which one."""
    if _chosen(turn):
        return _confirm(conversation)
    return _ask(conversation)


def resume(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome | None:
    """Take the language chosen; anything else is not an answer to the question."""
    if _chosen(turn):
        return _confirm(conversation)
    return None
