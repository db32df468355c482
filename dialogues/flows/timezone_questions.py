"""What the time zone question asks, reads and says: its buttons, a typed change, a place.

Kept apart from `timezone` (the steps and transitions) so each stays readable. Places are
read by `dialogues.timezones` (countries, cities, WIB/WITA/WIT and IANA names); this module
tells a change asked for ("ganti zona waktu", "I moved to Taiwan") and a language request
("bahasa indonesia") from a place named.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dialogues.flows.base import Turn, button
from dialogues.flows.walkthrough import looks_elsewhere
from dialogues.i18n import gettext as _
from dialogues.i18n import lazy_gettext
from dialogues.messages import Button
from dialogues.timezones import PLACEMENTS, is_zone, place_name, placement_of, zone_from_text
from nlu import Intent

INTENT = Intent.CHANGE_LANGUAGE
"""The settings intent: its buttons carry a `timezone` entity (a zone, `other` or `ask`)."""
OTHER = "other"
ASK = "ask"
COUNTRY_QUESTION = lazy_gettext(
    "🕒 Which country do you work in now? I use it to give dates and times in your "
    "local time. Choose below, or type the country or city."
)
TYPING_QUESTION = lazy_gettext(
    "Type the country or city where you work, for example Dubai, Qatar or Brunei. "
    "In Indonesia you may also type WIB, WITA or WIT."
)

_ZONE_WORDS = re.compile(
    r"^(?:tolong\s+|please\s+)?(?:(?:mau\s+|ingin\s+|want\s+to\s+)?(?:ganti|ubah|atur|setel|set|"
    r"change|update|edit)\s+)?(?:my\s+|the\s+)?(?:zona\s+waktu|time\s*zone|timezone|jam\s+lokal)"
    r"(?:\s+(?:saya|sy|ku|aku|please|pls|dong|ya))?(?:\s+(?:ke|to|jadi|menjadi|is|di|in))?"
    r"(?:\s+(?P<place>.+))?$"
)
_MOVED = re.compile(
    r"^(?:(?:saya|aku|sy|gue|i|i ve|i have)\s+)?(?:sudah\s+|udah\s+|udh\s+|sdh\s+|baru\s+|now\s+|"
    r"just\s+)?(?:pindah|moved|move|relocated)\s+(?:kerja\s+|to\s+work\s+)?(?:ke|to|di|in)\s+"
    r"(?P<place>.+)$"
    r"|^(?:(?:saya|aku|sy)\s+)?sekarang\s+(?:saya\s+|aku\s+)?(?:kerja|bekerja|tinggal)\s+di\s+"
    r"(?P<place_id>.+)$"
    r"|^i\s+(?:now\s+)?(?:work|live)\s+in\s+(?P<place_en>.+?)\s+now$"
    r"|^i\s+now\s+(?:work|live)\s+in\s+(?P<place_now>.+)$"
)
_LANGUAGE_WORDS = re.compile(r"\b(?:bahasa|bhs|language|english|eng)\b")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w/ ]+", " ", text.lower()).split())


def label(zone: str) -> str:
    """Return what a worker calls a zone: its placement's label, else its place name."""
    placement = placement_of(zone)
    return str(placement.label) if placement else place_name(zone)


def place_buttons() -> tuple[Button, ...]:
    """Return a button per usual placement, and one to type another country."""
    places = tuple(button(str(p.label), INTENT, timezone=p.zone) for p in PLACEMENTS)
    return (*places, button(_("✏️ Other country"), INTENT, timezone=OTHER))


def names_a_place(text: str) -> str | None:
    """Return the zone a typed answer names; None for none, or for a language request.

    "Indonesia" answers "where do you work?"; "bahasa indonesia" and "english" ask for a
    language (the engine switches it), whatever place they might also name.
    """
    if _LANGUAGE_WORDS.search(text.lower()):
        return None
    return zone_from_text(text)


def typed_change(text: str) -> tuple[bool, str | None]:
    """Read a typed change: (whether it asks to change the zone, the zone it names)."""
    words = _words(text)
    if len(words.split()) > 10:
        return False, None
    asked = _ZONE_WORDS.match(words)
    if asked is not None:
        place = asked["place"]
        return True, zone_from_text(place) if place else None
    moved = _MOVED.match(words)
    if moved is not None:
        place = next(p for p in moved.groups() if p)
        zone = zone_from_text(place)
        # "saya pindah ke perusahaan lain" changes the job, not the time zone.
        return zone is not None, zone
    return False, None


def chosen_zone(turn: Turn, *, asking: bool) -> str | None:
    """Return the zone (or OTHER / ASK) a message gives; None when it names none.

    `asking`: the question waits for the answer; else the message may ask for a change.
    """
    value = turn.entity("timezone")
    if turn.from_button:
        if value in (OTHER, ASK) or is_zone(value):
            return value
        return None
    if asking and looks_elsewhere(turn) and len(turn.text.split()) > 4:
        return None  # "berapa iuran JKK di Malaysia?" asks something else
    if asking:
        return names_a_place(turn.text)
    return typed_change(turn.text)[1]


def confirmation(zone: str, now: datetime) -> str:
    """Say the zone is noted, with the time there now and how to change it."""
    local = now.astimezone(ZoneInfo(zone))
    return _(
        "🕒 Noted: {place} (time zone {zone}, it is {time} there now). To change it, type "
        '"change time zone".',
        place=label(zone),
        zone=zone,
        time=local.strftime("%H:%M"),
    )
