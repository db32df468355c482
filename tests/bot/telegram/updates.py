"""Recorded Telegram updates (`tests/data/telegram/*.json`), made fresh for each use.

Every update gets a new `update_id` (the dedupe would otherwise take a reused one for a
redelivery) and, when asked, another user: the sender, and the private chat, which has the
user's id in Telegram.
"""

from __future__ import annotations

import copy
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "telegram"
RECORDED_USER = 7001001

_update_ids = itertools.count(1)
_users = itertools.count(8_100_000_001)


def new_user_id() -> int:
    """Return a Telegram user id no other test uses."""
    return next(_users)


@cache
def _recorded(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def update(
    name: str,
    *,
    user: int | None = None,
    text: str | None = None,
    data: str | None = None,
    language: str | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """Return a recorded update with a fresh id, for `user`, with `text` or button `data`."""
    body = copy.deepcopy(_recorded(name))
    body["update_id"] = update_id if update_id is not None else next(_update_ids)
    kind = next(key for key in body if key != "update_id")
    inner = body[kind]
    for holder in (inner.get("from"), inner.get("chat"), (inner.get("message") or {}).get("chat")):
        if holder is not None and user is not None and holder.get("id") == RECORDED_USER:
            holder["id"] = user
    if language is not None:
        inner["from"]["language_code"] = language
    if text is not None:
        inner["text"] = text
        inner.pop("entities", None)
        if text.startswith("/"):
            length = len(text.split()[0])
            inner["entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
    if data is not None:
        inner["data"] = data
    return body
