"""Where a worker is, as a time zone: the usual placement countries, read from a chat answer.

A worker's time zone is asked, never guessed (an Indonesian +62 number says nothing about
where its owner works now). `PLACEMENTS` are the buttons: the countries most Indonesian
migrant workers are placed in, and Indonesia's three zones. `zone_from_text` also reads
other countries and cities by name, Indonesia's zone abbreviations (WIB, WITA, WIT) and IANA
names typed as they are (`Europe/Amsterdam`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.support import LazyProxy

from dialogues.i18n import lazy_gettext


@dataclass(frozen=True, slots=True)
class Placement:
    """A country (or zone) offered as a button: its time zone, label and typed names."""

    zone: str
    label: LazyProxy
    words: tuple[str, ...]


PLACEMENTS: tuple[Placement, ...] = (
    Placement(
        "Asia/Kuala_Lumpur",
        lazy_gettext("🇲🇾 Malaysia"),
        ("malaysia", "kuala lumpur", "kl", "johor", "penang", "sabah", "sarawak", "selangor"),
    ),
    Placement(
        "Asia/Taipei",
        lazy_gettext("🇹🇼 Taiwan"),
        ("taiwan", "taipei", "taichung", "kaohsiung", "tainan", "tw"),
    ),
    Placement(
        "Asia/Hong_Kong", lazy_gettext("🇭🇰 Hong Kong"), ("hong kong", "hongkong", "hk", "kowloon")
    ),
    Placement(
        "Asia/Riyadh",
        lazy_gettext("🇸🇦 Saudi Arabia"),
        (
            "saudi",
            "arab saudi",
            "saudi arabia",
            "arab",
            "riyadh",
            "jeddah",
            "jedah",
            "mekah",
            "makkah",
            "mecca",
            "madinah",
            "medina",
            "ksa",
        ),
    ),
    Placement(
        "Asia/Seoul",
        lazy_gettext("🇰🇷 South Korea"),
        ("korea", "korsel", "korea selatan", "south korea", "seoul", "busan", "kr"),
    ),
    Placement("Asia/Singapore", lazy_gettext("🇸🇬 Singapore"), ("singapore", "singapura", "sg")),
    Placement(
        "Asia/Tokyo",
        lazy_gettext("🇯🇵 Japan"),
        ("japan", "jepang", "tokyo", "osaka", "nagoya", "jp"),
    ),
    Placement(
        "Asia/Jakarta",
        lazy_gettext("🇮🇩 Indonesia (WIB)"),
        (
            "indonesia",
            "wib",
            "jakarta",
            "jawa",
            "java",
            "sumatra",
            "sumatera",
            "bandung",
            "surabaya",
            "semarang",
            "medan",
            "indo",
        ),
    ),
)

_OTHER_NAMES: Mapping[str, str] = {
    "wita": "Asia/Makassar", "makassar": "Asia/Makassar", "bali": "Asia/Makassar",
    "denpasar": "Asia/Makassar", "lombok": "Asia/Makassar", "ntb": "Asia/Makassar",
    "ntt": "Asia/Makassar", "kupang": "Asia/Makassar", "sulawesi": "Asia/Makassar",
    "balikpapan": "Asia/Makassar", "wit": "Asia/Jayapura", "jayapura": "Asia/Jayapura",
    "papua": "Asia/Jayapura", "ambon": "Asia/Jayapura", "maluku": "Asia/Jayapura",
    "brunei": "Asia/Brunei", "uae": "Asia/Dubai", "uni emirat arab": "Asia/Dubai",
    "emirates": "Asia/Dubai", "united arab emirates": "Asia/Dubai", "dubai": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai", "qatar": "Asia/Qatar", "doha": "Asia/Qatar",
    "kuwait": "Asia/Kuwait", "oman": "Asia/Muscat", "bahrain": "Asia/Bahrain",
    "turki": "Europe/Istanbul", "turkey": "Europe/Istanbul", "macau": "Asia/Macau",
    "makau": "Asia/Macau", "china": "Asia/Shanghai", "tiongkok": "Asia/Shanghai",
    "thailand": "Asia/Bangkok", "philippines": "Asia/Manila", "filipina": "Asia/Manila",
    "australia": "Australia/Sydney", "new zealand": "Pacific/Auckland",
    "selandia baru": "Pacific/Auckland", "belanda": "Europe/Amsterdam",
    "netherlands": "Europe/Amsterdam", "jerman": "Europe/Berlin", "germany": "Europe/Berlin",
    "polandia": "Europe/Warsaw", "poland": "Europe/Warsaw", "inggris": "Europe/London",
    "uk": "Europe/London", "united kingdom": "Europe/London", "amerika": "America/New_York",
    "usa": "America/New_York", "united states": "America/New_York",
}  # fmt: skip

_NAMES: Mapping[str, str] = {
    **{word: p.zone for p in PLACEMENTS for word in p.words},
    **_OTHER_NAMES,
}
_IANA = re.compile(r"\b([A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)\b")
_ZONES_BY_LOWER: Mapping[str, str] = {name.lower(): name for name in available_timezones()}


def is_zone(name: object) -> bool:
    """Whether `name` is an IANA time zone this machine knows."""
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_from_text(text: str) -> str | None:
    """Return the time zone a typed answer names (country, city, WIB/WITA/WIT, IANA name).

    Only one zone may be named; "Malaysia atau Singapura" names two, so None.
    """
    match = _IANA.search(text)
    if match and match.group(1).lower() in _ZONES_BY_LOWER:
        return _ZONES_BY_LOWER[match.group(1).lower()]
    cleaned = " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())
    spans = [
        (found.start(), found.end(), zone)
        for name, zone in _NAMES.items()
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", cleaned)
    ]
    # A name inside a longer one ("arab" in "uni emirat arab") is not a name of its own.
    zones = {
        zone
        for start, end, zone in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    }
    return zones.pop() if len(zones) == 1 else None


def placement_of(zone: str) -> Placement | None:
    """Return the button a zone belongs to, if it is one of the usual placements."""
    return next((p for p in PLACEMENTS if p.zone == zone), None)


_PLACE_NAMES: Mapping[str, LazyProxy] = {
    "Asia/Kuala_Lumpur": lazy_gettext("Malaysia"),
    "Asia/Taipei": lazy_gettext("Taiwan"),
    "Asia/Hong_Kong": lazy_gettext("Hong Kong"),
    "Asia/Riyadh": lazy_gettext("Saudi Arabia"),
    "Asia/Seoul": lazy_gettext("Korea"),
    "Asia/Singapore": lazy_gettext("Singapore"),
    "Asia/Tokyo": lazy_gettext("Japan"),
    "Asia/Jakarta": lazy_gettext("WIB"),
    "Asia/Makassar": lazy_gettext("WITA"),
    "Asia/Jayapura": lazy_gettext("WIT"),
}


def place_name(zone: str) -> str:
    """Return the name a worker knows a zone by: `Malaysia`, `WIB`, else its city (`Dubai`)."""
    known = _PLACE_NAMES.get(zone)
    if known is not None:
        return str(known)
    return zone.rsplit("/", 1)[-1].replace("_", " ")
