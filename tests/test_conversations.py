"""Conversations written as data (`tests/conversations/*.yml`), run through the REST channel.

A file holds a list of conversations:

    - name: greeting then JHT
      hint: en                       # optional language hint sent as metadata
      steps:
        - user: halo                 # what the user sends (text or a button payload)
          contains: [Jamsos]         # every string must appear in the replies (case-insensitive)
          not_contains: [Source]     # none of these may appear
          buttons: [/program_info]   # these payloads must be offered
          custom: {key: value}       # these keys must be in some reply's custom data
          custom_includes:           # nested custom data holding at least these values
            decision: {eligible: false, earliest_date: "2026-12-07"}
          image: true                # some reply carries an image (false: none does)
        - upload: tests/data/tiny.jpg  # sends the file (upload, then a message naming it)
          contains: [Dokumen 2]
        - user: jkm
          silent: true               # no reply at all (a human owns the chat)

Dates in conversations are relative to the app's fixed clock (`conftest.TODAY_MOMENT`,
21 November 2026), so "a future date" stays in the future whenever the tests run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

HERE = Path(__file__).resolve().parent / "conversations"
ROOT = Path(__file__).resolve().parent.parent
STEP_KEYS = {
    "user",
    "upload",
    "contains",
    "not_contains",
    "buttons",
    "custom",
    "custom_includes",
    "image",
    "silent",
}


def includes(actual: Any, expected: Any) -> bool:
    """Whether `actual` holds `expected`: dicts key by key (recursively), anything else equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and includes(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


async def upload(client: httpx.AsyncClient, sender: str, path: Path) -> str:
    """Upload a file as `sender` through the REST channel; return its file id."""
    files = {"file": (path.name, await asyncio.to_thread(path.read_bytes))}
    response = await client.post("/webhooks/rest/upload", data={"sender": sender}, files=files)
    assert response.status_code == 200, response.text
    file_id: str = response.json()["file_id"]
    return file_id


def load_conversations() -> list[Any]:
    cases = []
    for path in sorted(HERE.glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(conversation, id=f"{path.stem}: {conversation['name']}"))
    return cases


CONVERSATIONS = load_conversations()


def test_custom_data_is_matched_key_by_key() -> None:
    decision = {"program": "JHT", "eligible": False, "reasons": ["waiting_period"]}
    assert includes({"decision": decision}, {"decision": {"eligible": False}})
    assert not includes({"decision": decision}, {"decision": {"eligible": True}})
    assert not includes({"decision": decision}, {"decision": {"reasons": ["waiting"]}})
    assert not includes(None, {"decision": {}})


def test_there_are_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 40


@pytest.mark.parametrize("conversation", CONVERSATIONS)
async def test_conversation(client: httpx.AsyncClient, conversation: dict[str, Any]) -> None:
    sender = "conv-" + conversation["name"]
    metadata = {"language": conversation["hint"]} if conversation.get("hint") else None
    for number, step in enumerate(conversation["steps"], start=1):
        assert set(step) <= STEP_KEYS, f"unknown keys in step {number}: {set(step) - STEP_KEYS}"
        body: dict[str, Any] = {"sender": sender, "message": str(step.get("user", ""))}
        if "upload" in step:
            body["attachments"] = [await upload(client, sender, ROOT / step["upload"])]
        if metadata:
            body["metadata"] = metadata
        response = await client.post("/webhooks/rest/webhook", json=body)
        assert response.status_code == 200, response.text
        replies = response.json()
        said = "\n".join(reply["text"] for reply in replies)
        where = f"step {number} ({step.get('user', step.get('upload'))!r}) got:\n{said}"
        if "silent" in step:
            assert (not replies) == step["silent"], f"silent: {step['silent']}; {where}"
        if "image" in step:
            shown = any(reply.get("image") for reply in replies)
            assert shown == step["image"], f"image: {step['image']}; {where}"
        for expected in step.get("contains", []):
            assert str(expected).lower() in said.lower(), f"missing {expected!r}; {where}"
        for unwanted in step.get("not_contains", []):
            assert str(unwanted).lower() not in said.lower(), f"unwanted {unwanted!r}; {where}"
        offered = [b["payload"] for reply in replies for b in reply.get("buttons", [])]
        for payload in step.get("buttons", []):
            assert payload in offered, f"button {payload!r} not offered: {offered}; {where}"
        custom: dict[str, Any] = {}
        for reply in replies:
            custom.update(reply.get("custom") or {})
        for key, value in (step.get("custom") or {}).items():
            assert custom.get(key) == value, f"custom {key!r}: {custom.get(key)!r}; {where}"
        for key, value in (step.get("custom_includes") or {}).items():
            assert includes(custom.get(key), value), f"custom {key!r}: {custom.get(key)!r}; {where}"
