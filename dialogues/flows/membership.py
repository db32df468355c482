"""The worker's own membership (active or not, last contributions, JHT balance) and card.

Both need a linked chat (`linking.require`) and answer at once, asking nothing back: the
membership from `MembershipService`, amounts in rupiah (`rules.money`); the digital card as a
PNG image (`CardRenderer`) sent as a `data:` URL in `Reply.image`, so no copy of the card
(name, masked KPJ) stays on the server or behind a link.
"""

from __future__ import annotations

from babel.dates import format_date as babel_format_date

from dialogues.dates import format_date
from dialogues.flows import linking, unlinking
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, button
from dialogues.flows.menu import short_menu
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.messages import Button, Reply, data_url
from dialogues.rules.common import today_in
from dialogues.rules.money import format_rupiah
from dialogues.services_identity import Membership
from dialogues.state import Conversation
from nlu import Intent

RECENT_SHOWN = 3


def _buttons(*, card: bool) -> tuple[Button, ...]:
    own = (
        button(_("My digital card"), Intent.DIGITAL_CARD)
        if card
        else button(_("My membership"), Intent.MEMBERSHIP_STATUS)
    )
    return (own, button(_("My claims"), Intent.CLAIM_STATUS), unlinking.unlink_button())


def _text(membership: Membership) -> str:
    person = membership.person
    language = current_language()
    status = _("active ✅") if membership.active else _("not active (no recent contributions)")
    lines = [
        _("Your membership (KPJ {kpj}, {name}):", kpj=person.masked_kpj, name=person.name),
        _("• Status: {status}", status=status),
        _(
            "• Programs: {programs}",
            programs=", ".join(p.value for p in person.programs) or "-",
        ),
    ]
    if membership.recent:
        lines.append(_("• Last contributions:"))
        for paid in membership.recent[:RECENT_SHOWN]:
            month = babel_format_date(paid.month, "MMMM y", locale=language.value)
            lines.append(f"   – {month}: {format_rupiah(paid.amount)}")
    else:
        lines.append(_("• No contributions recorded recently."))
    if membership.jht_balance is not None and membership.jht_balance_as_of is not None:
        lines.append(
            _(
                "• JHT balance: {amount} (as of {date})",
                amount=format_rupiah(membership.jht_balance),
                date=format_date(membership.jht_balance_as_of, language),
            )
        )
    else:
        lines.append(_("• JHT balance: none (you are not in JHT)"))
    return "\n".join(lines)


async def answer(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Show the linked participant's membership, contributions and JHT balance."""
    found = await linking.require(turn, conversation, context, self_service=turn.intent)
    if isinstance(found, Outcome):
        return found
    membership = await context.services.membership.summary(turn.channel, turn.user_id)
    if membership is None:  # unlinked in between
        text = _("This chat is not linked to any KPJ number.")
        return Outcome((Reply(text, buttons=short_menu()),), conversation)
    reply = Reply(_text(membership), buttons=(*_buttons(card=True), *short_menu()))
    return Outcome((reply,), conversation.with_slots(topic=Topic(turn.intent).as_slot()))


async def card(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Send the linked participant's digital card as an image."""
    found = await linking.require(turn, conversation, context, self_service=turn.intent)
    if isinstance(found, Outcome):
        return found
    issued = today_in(None, turn.now)
    png = context.services.cards.render(found, issued=issued)
    text = _(
        "Here is your digital participant card ({name}, KPJ {kpj}). The official card is in the "
        "JMO app.",
        name=found.name,
        kpj=found.masked_kpj,
    )
    reply = Reply(
        text,
        image=data_url("image/png", png),
        buttons=(*_buttons(card=False), *short_menu()),
    )
    return Outcome((reply,), conversation.with_slots(topic=Topic(turn.intent).as_slot()))
