"""The questions of the JKP reminder subscription, and reading the hour people type.

`parse_hour` reads "jam 7 malam" (19), "8 pagi", "3 sore" (15), "12 siang", "19:00",
"19.30" (19), "7pm", "9 am", and the parts of the day alone: "pagi" / "morning" (08:00),
"siang" / "noon" (12:00), "sore" / "afternoon" (16:00), "malam" / "evening" (20:00).
"""

from __future__ import annotations

import re

from dialogues.flows.base import button
from dialogues.flows.questions import Kind, Question
from dialogues.i18n import lazy_gettext
from dialogues.messages import Button
from nlu import Intent

DISMISSAL = Question(
    "dismissal_date",
    Kind.DATE,
    lazy_gettext("When were you dismissed (the date of your PHK)? For example 15/08/2026."),
    past_only=True,
)
FIRST_DATE = Question(
    "first_date",
    Kind.DATE,
    lazy_gettext(
        "When did you get your first JKP payment, or submit your first JKP claim on "
        "SIAPkerja? For example 01/09/2026."
    ),
)
HOUR_TEXT = lazy_gettext(
    "At what time of day should I remind you? Any hour from 08:00 to 20:00 your time, "
    'for example "jam 9 pagi" or "19:00".'
)
HOUR_BUTTONS = (8, 12, 17, 20)

_PARTS = {
    "pagi": 8, "morning": 8, "siang": 12, "noon": 12, "midday": 12, "sore": 16,
    "afternoon": 16, "petang": 18, "malam": 20, "evening": 20, "night": 20,
}  # fmt: skip
_AFTER_NOON = {"sore", "afternoon", "petang", "malam", "evening", "night", "pm"}
_HOUR = re.compile(
    r"(?<![\d/])(?P<hour>\d{1,2})(?:\s*[:.]\s*(?P<minute>\d{2}))?\s*"
    r"(?P<part>pagi|siang|sore|petang|malam|am|a\.m\.|pm|p\.m\.|morning|afternoon|evening|"
    r"night|noon)?(?![\d/])"
)


def parse_hour(text: str) -> int | None:
    """Return the hour of the day (0-23) a typed answer names, or None."""
    cleaned = " ".join(text.lower().replace("jam", " ").replace("pukul", " ").split())
    match = _HOUR.search(cleaned)
    if match is None:
        parts = [p for p in _PARTS if re.search(rf"\b{p}\b", cleaned)]
        return _PARTS[parts[0]] if len(parts) == 1 else None
    hour = int(match["hour"])
    minute = int(match["minute"]) if match["minute"] else 0
    part = (match["part"] or "").replace(".", "")
    if not part:
        later = [p for p in _PARTS if re.search(rf"\b{p}\b", cleaned)]
        part = later[0] if len(later) == 1 else ""
    if hour > 23 or minute > 59:
        return None
    if part in ("am", "pagi", "morning", "malam", "night") and hour == 12:
        return 0
    if part == "siang" and hour < 6:
        return hour + 12
    if part in _AFTER_NOON and hour < 12:
        return hour + 12
    return hour


def hour_buttons() -> tuple[Button, ...]:
    """Return the buttons of the usual hours."""
    return tuple(
        button(f"{hour:02d}:00", Intent.JKP_REMINDER_SUBSCRIBE, hour=str(hour))
        for hour in HOUR_BUTTONS
    )
