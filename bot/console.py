"""The terminal channel: type a message, read the replies; buttons are numbered choices."""

from __future__ import annotations

import asyncio
from typing import TextIO

from dialogues.engine import DialogueEngine
from dialogues.messages import Button, Incoming, Reply

QUIT = {"/quit", "/exit"}


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """Return the replies as terminal text, and the buttons in the order they are numbered."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        lines.append(f"Jamsos: {reply.text}")
        for item in reply.buttons:
            buttons.append(item)
            lines.append(f"  [{len(buttons)}] {item.title}")
        if reply.image and reply.image.startswith("data:"):
            # A generated image (the digital card) travels inline; a terminal can't show it.
            kind = reply.image[5:].split(";", 1)[0]
            lines.append(f"  (image: {kind}, {len(reply.image) * 3 // 4 // 1024} KB)")
        elif reply.image:
            lines.append(f"  (image: {reply.image})")
        if reply.document:
            lines.append(f"  (document: {reply.document})")
    return "\n".join(lines), buttons


def translate(text: str, buttons: list[Button]) -> str:
    """Turn a typed choice number into that button's payload; other text is kept."""
    choice = text.strip()
    if choice.isdigit() and 1 <= int(choice) <= len(buttons):
        return buttons[int(choice) - 1].payload
    return text


async def run(engine: DialogueEngine, inp: TextIO, out: TextIO, user_id: str = "console") -> None:
    """Chat until end of input or /quit."""
    out.write("Jamsos: type a message (e.g. 'halo'), a choice number, or /quit.\n")
    buttons: list[Button] = []
    while True:
        out.write("> ")
        out.flush()
        line = await asyncio.to_thread(inp.readline)
        if not line or line.strip() in QUIT:
            out.write("\n")
            return
        text = translate(line.rstrip("\n"), buttons)
        replies = await engine.handle(Incoming(channel="console", user_id=user_id, text=text))
        rendered, buttons = render(replies)
        out.write(rendered + "\n")
