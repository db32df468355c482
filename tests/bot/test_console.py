"""The terminal channel: numbered buttons, typed choices, and the README's first session."""

from __future__ import annotations

import io

from bot import console
from bot.wiring import Runtime
from dialogues.messages import Button, Reply


def test_buttons_are_numbered_and_choices_map_to_payloads() -> None:
    text, buttons = console.render([Reply("Pick", buttons=(Button("A", "/a"), Button("B", "/b")))])
    assert "[1] A" in text and "[2] B" in text
    assert console.translate("2", buttons) == "/b"
    assert console.translate("3", buttons) == "3"
    assert console.translate("halo", buttons) == "halo"


async def test_readme_session(runtime: Runtime) -> None:
    inp = io.StringIO("halo\napa itu jht\nenglish please\nwhat about JKM?\n1\n/quit\n")
    out = io.StringIO()
    await console.run(runtime.engine, inp, out, user_id="readme-session")
    transcript = out.getvalue()
    assert "Jamsos" in transcript
    assert "PP 46/2015" in transcript  # JHT, in Indonesian
    assert "Sumber:" in transcript and "Source:" in transcript
    assert "PP 44/2015" in transcript  # JKM, in English after the switch
