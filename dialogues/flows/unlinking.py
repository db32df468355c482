"""Unlinking the chat from its participant: "putuskan akun" / "unlink", typed or the button.

A command (`flows.COMMANDS`): it acts at any point, whatever the NLU made of the message,
and leaves the flows that needed the link (linking itself, filing a claim, a claim's status).
"""

from __future__ import annotations

import re

from dialogues.flows.base import FlowContext, Outcome, Turn, button
from dialogues.flows.linking import FLOW, PERSONAL_INTENTS, SLOT
from dialogues.flows.menu import short_menu
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply
from dialogues.state import Conversation
from nlu import Intent

UNLINK = "unlink"
_UNLINK_WORDS = re.compile(
    r"^(?:tolong\s+)?(?:putus(?:kan)?|lepas(?:kan)?|hapus)\s+(?:tautan\s+)?(?:akun|kpj)"
    r"(?:\s+(?:saya|sy|ku|aku))?$|^unlink(?:\s+my)?(?:\s+(?:account|kpj))?$"
)


def says_unlink(turn: Turn) -> bool:
    """Whether the message asks to unlink the chat (typed, or the button's `action`)."""
    if turn.from_button:
        return turn.intent in PERSONAL_INTENTS and turn.entity("action") == UNLINK
    words = " ".join(re.sub(r"[^\w ]+", " ", turn.text.lower()).split())
    return bool(_UNLINK_WORDS.match(words))


def unlink_button() -> Button:
    """Return the button that unlinks the chat."""
    return button(_("Unlink my account"), Intent.MEMBERSHIP_STATUS, action=UNLINK)


async def unlink(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Undo the chat's link to a participant; leave the flows that needed it."""
    was_linked = await context.services.identity.unlink(turn.channel, turn.user_id)
    if was_linked:
        text = _(
            "This chat is no longer linked to your KPJ number. To see your own data again, "
            "I'll ask for your KPJ number, NIK and date of birth."
        )
    else:
        text = _("This chat is not linked to any KPJ number.")
    personal = conversation.flow in (FLOW, "file_claim", "claim_status")
    after = conversation.leave(SLOT, "filing") if personal else conversation
    return Outcome((Reply(text, buttons=short_menu()),), after)
