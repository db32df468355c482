"""A whole JHT claim filed through Telegram with uploads, and its status pushed back to the chat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.claims.states import Actor, ClaimState
from backend.claims.transitions import transition
from backend.delivery.senders import SenderRegistry
from backend.delivery.worker import deliver_due
from bot.telegram import setup
from dialogues.i18n import Catalogs
from tests.bot.telegram.conftest import Telegram
from tests.bot.telegram.updates import new_user_id, update
from tests.conftest import TODAY_MOMENT

DATA = Path(__file__).resolve().parents[2] / "data"


class Chat:
    """One Telegram user talking to the bot in Indonesian."""

    def __init__(self, telegram: Telegram) -> None:
        self.telegram = telegram
        self.user = new_user_id()
        self._files = 0

    async def says(self, text: str) -> str:
        return "\n".join(await self.telegram.said(update("text", user=self.user, text=text)))

    def keyboard(self) -> list[tuple[str, str]]:
        """The buttons (title, callback data) under the last message."""
        return self.telegram.fake.sent()[-1].buttons

    async def taps(self, payload_part: str, keyboard: list[tuple[str, str]] | None = None) -> str:
        """Press the button of `keyboard` (the last one by default) whose data has this in it."""
        data = next(data for _, data in keyboard or self.keyboard() if payload_part in data)
        body = update("callback_query", user=self.user, data=data)
        return "\n".join(await self.telegram.said(body))

    async def sends(self, file: str) -> str:
        """Send a file from tests/data: a JPG or PNG as a photo, anything else as a document."""
        self._files += 1
        file_id = f"file-{self.user}-{self._files}"
        data = (DATA / file).read_bytes()
        self.telegram.fake.add_file(file_id, data)
        if file.endswith((".jpg", ".png")) and data[:4] != b"%PDF":
            body: dict[str, Any] = update("photo", user=self.user)
            del body["message"]["caption"]
            body["message"]["photo"][-1].update(file_id=file_id, file_size=len(data))
        else:
            body = update("document", user=self.user)
            body["message"]["document"].update(file_id=file_id, file_name=file, file_size=len(data))
        return "\n".join(await self.telegram.said(body))


async def test_a_whole_claim_with_uploads_then_its_status_pushed_back(telegram: Telegram) -> None:
    chat = Chat(telegram)
    assert "nomor KPJ" in await chat.says("mau klaim jht dong")
    await chat.says("60219951506")
    await chat.says("3510010307821292")
    assert "Budi Santoso" in await chat.says("3 Juli 1982")
    assert "Tanggal berapa" in await chat.says("resign")
    assert "Dokumen 1 dari 4" in await chat.says("1 Oktober 2026")
    assert "Dokumen 2 dari 4" in await chat.sends("tiny.jpg")
    assert "Dokumen 3 dari 4" in await chat.sends("pdf-named.jpg")
    assert "Dokumen 4 dari 4" in await chat.sends("tiny.pdf")
    refused = await chat.sends("exe-named.pdf")
    assert "foto" in refused.lower() and "Dokumen" not in refused, "refused by its bytes"
    assert "wajah" in await chat.sends("tiny.pdf")
    assert "bank" in await chat.sends("tiny.png")
    assert "nomor rekening" in await chat.says("BRI")
    assert "atas nama" in await chat.says("0123 4567 8901 2")
    summary = await chat.says("Budi Santoso")
    assert "*********9012" in summary and "0123456789012" not in summary
    summary_keyboard = chat.keyboard()
    filed = await chat.taps("confirm")
    assert "CLM-" in filed
    reference = "CLM-" + filed.split("CLM-")[1][:8]
    # A second tap of the same (old) button files nothing more.
    assert "sudah diajukan" in await chat.taps("confirm", summary_keyboard)
    assert reference in await chat.says("status klaim saya")

    # An officer takes it up: the worker tells the user through Telegram.
    sessions = telegram.app.state.sessions
    async with sessions.begin() as session:
        await transition(
            session=session,
            claim_reference=reference,
            to=ClaimState.VERIFYING,
            actor=Actor.officer("supervisor"),
            now=TODAY_MOMENT,
        )
    settings = telegram.app.state.settings
    sender = setup.build_sender(settings, sessions, clock=lambda: TODAY_MOMENT)
    try:
        report = await deliver_due(
            sessions=sessions,
            senders=SenderRegistry({"telegram": sender}),
            catalogs=Catalogs(),
            clock=lambda: TODAY_MOMENT,
        )
    finally:
        await sender.aclose()
    assert report.sent == 1
    pushed = telegram.fake.sent()[-1]
    assert pushed.params["chat_id"] == str(chat.user)
    assert reference in pushed.params["text"]
