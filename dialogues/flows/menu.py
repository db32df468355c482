"""The main menu and the short menu, shared by the flows that offer them."""

from __future__ import annotations

from dialogues.flows.base import button
from dialogues.i18n import gettext as _
from dialogues.messages import Button
from nlu import Intent


def main_menu() -> tuple[Button, ...]:
    """Return the buttons of the main menu, in the current language."""
    return (
        button(_("Programs"), Intent.PROGRAM_INFO),
        button(_("Can I claim?"), Intent.CHECK_ELIGIBILITY),
        button(_("Claim documents"), Intent.DOCUMENT_CHECKLIST),
        button(_("Contributions"), Intent.FAQ_CONTRIBUTION),
        button(_("📝 File a claim"), Intent.FILE_CLAIM),
        button(_("My claims"), Intent.CLAIM_STATUS),
        button(_("Contacts"), Intent.OFFICE_CONTACT),
        button(_("Bahasa / Language"), Intent.CHANGE_LANGUAGE),
    )


def short_menu() -> tuple[Button, ...]:
    """Return the few buttons offered after an answer we could not give."""
    return (
        button(_("Programs"), Intent.PROGRAM_INFO),
        button(_("Contacts"), Intent.OFFICE_CONTACT),
        button(_("Main menu"), Intent.HELP),
    )
