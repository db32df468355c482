"""What the worker is told when something happens to their claim or ticket, in their language.

The back office writes an outbox row (kind + payload) in the transaction of the change;
`jamsos worker` renders it here, inside `use_language`, and sends the text. Claim messages
say what changed and what happens next: `claim.<state>` with `reference`, `program`, `from`,
`to`, `note` and `interview_at` (ISO 8601) in the payload. Ticket messages carry the ticket's
`reference` and, for a reply, its `body`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from dialogues.dates import format_date
from dialogues.i18n import current_language, gettext
from dialogues.rules.common import zone

CARE_CENTER = "175"


class UnknownNotice(ValueError):
    """No text is known for this kind of message (or its payload lacks what the text needs)."""


def render_notice(kind: str, payload: Mapping[str, Any]) -> str:
    """Return the text of an outbox message in the current language (`use_language`).

    Raises:
        UnknownNotice: the kind is not one we know, or a value the text needs is missing.
    """
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        raise UnknownNotice(f"no text for {kind!r}")
    try:
        return renderer(payload)
    except (KeyError, TypeError, ValueError) as error:
        raise UnknownNotice(f"{kind}: payload lacks what the text needs ({error})") from error


def format_moment(moment: datetime) -> str:
    """Return a moment in Jakarta time as people read it: `15 December 2026, 14:00 WIB`."""
    local = moment.astimezone(zone(None))
    day = format_date(local.date(), current_language())
    return gettext("{day}, {time} WIB", day=day, time=local.strftime("%H:%M"))


def _note(payload: Mapping[str, Any]) -> str:
    note = payload.get("note")
    return str(note).strip() if note else ""


def _verifying(p: Mapping[str, Any]) -> str:
    return gettext(
        "Your claim {reference} ({program}) is now being checked by an officer. "
        "Next step: wait for our message; we will write here if anything is needed.",
        reference=p["reference"],
        program=p["program"],
    )


def _needs_documents(p: Mapping[str, Any]) -> str:
    note = _note(p)
    if note:
        return gettext(
            "Your claim {reference} needs documents: {note}\n"
            "Next step: send them here in this chat as a photo or PDF.",
            reference=p["reference"],
            note=note,
        )
    return gettext(
        "Your claim {reference} needs more documents.\n"
        "Next step: check the document list and send what is missing here in this chat "
        "as a photo or PDF.",
        reference=p["reference"],
    )


def _interview(p: Mapping[str, Any]) -> str:
    when = format_moment(datetime.fromisoformat(p["interview_at"]))
    if p.get("from") == "interview_scheduled":
        return gettext(
            "The video interview for your claim {reference} has been moved to {when}.\n"
            "Next step: be ready at that time with your ID card (KTP) and passport.",
            reference=p["reference"],
            when=when,
        )
    return gettext(
        "Your documents for claim {reference} are complete. Your video interview is on "
        "{when}.\nNext step: be ready at that time with your ID card (KTP) and passport.",
        reference=p["reference"],
        when=when,
    )


def _approved(p: Mapping[str, Any]) -> str:
    return gettext(
        "Good news: your claim {reference} ({program}) is approved.\n"
        "Next step: the money is transferred to the bank account you gave; we will tell you "
        "when it is paid.",
        reference=p["reference"],
        program=p["program"],
    )


def _paid(p: Mapping[str, Any]) -> str:
    return gettext(
        "Your claim {reference} ({program}) has been paid to the bank account you gave. "
        "Please check your account.",
        reference=p["reference"],
        program=p["program"],
    )


def _rejected(p: Mapping[str, Any]) -> str:
    note = _note(p)
    if note:
        return gettext(
            "Your claim {reference} was not approved. Reason: {note}\n"
            "Next step: if you think this is wrong, ask for a human agent here or call "
            "Care Center {care_center}.",
            reference=p["reference"],
            note=note,
            care_center=CARE_CENTER,
        )
    return gettext(
        "Your claim {reference} was not approved.\n"
        "Next step: to know why, ask for a human agent here or call Care Center {care_center}.",
        reference=p["reference"],
        care_center=CARE_CENTER,
    )


def _ticket_reply(p: Mapping[str, Any]) -> str:
    return gettext(
        "A BPJS Ketenagakerjaan officer answered ({reference}):\n{body}",
        reference=p["reference"],
        body=str(p["body"]),
    )


def _taken_over(p: Mapping[str, Any]) -> str:
    return gettext(
        "An officer is now handling your request {reference} and will answer you here. "
        "The bot stays quiet until then.",
        reference=p["reference"],
    )


def _handed_back(p: Mapping[str, Any]) -> str:
    if p.get("closed"):
        return gettext(
            "The officer has finished with your request {reference}, and it is closed. "
            "You are chatting with the Jamsos bot again.",
            reference=p["reference"],
        )
    return gettext(
        "The officer has handed your request {reference} back. "
        "You are chatting with the Jamsos bot again.",
        reference=p["reference"],
    )


_RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "claim.verifying": _verifying,
    "claim.needs_documents": _needs_documents,
    "claim.interview_scheduled": _interview,
    "claim.approved": _approved,
    "claim.paid": _paid,
    "claim.rejected": _rejected,
    "ticket.reply": _ticket_reply,
    "ticket.taken_over": _taken_over,
    "ticket.handed_back": _handed_back,
}
"""Every kind of outbox message a worker can be sent, and its text."""
