"""`AiohttpRequest`, PTB's Bot API calls on aiohttp: forms, files, downloads, timeouts, errors."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram.error import Forbidden, NetworkError, TimedOut

from bot.telegram.application import TelegramBot, build_bot
from bot.telegram.request import AiohttpRequest
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
async def bot(bot_api: tuple[FakeBotApi, str], fake: FakeBotApi) -> AsyncIterator[TelegramBot]:
    """A bare bot on the fake Bot API, initialised."""
    telegram_bot = build_bot(token=TOKEN, api_base_url=bot_api[1], max_retries=0)
    await telegram_bot.initialize()
    yield telegram_bot
    await telegram_bot.shutdown()


async def test_parameters_arrive_as_telegram_reads_them(bot: TelegramBot, fake: FakeBotApi) -> None:
    sent = await bot.send_message(42, "Halo & selamat <b>datang</b>", parse_mode="HTML")
    call = fake.sent()[-1]
    assert call.params["chat_id"] == "42"
    assert call.params["text"] == "Halo & selamat <b>datang</b>"
    assert call.params["parse_mode"] == "HTML"
    assert sent.message_id > 0  # the answer was read back into PTB's Message


async def test_files_go_as_multipart_with_their_bytes(bot: TelegramBot, fake: FakeBotApi) -> None:
    await bot.send_photo(42, PNG, caption="Kartu peserta", filename="card.png")
    await bot.send_document(42, b"%PDF-1.4 checklist", filename="checklist.pdf")
    photo, document = fake.sent()[-2:]
    assert (photo.method, photo.files["photo"], photo.params["caption"]) == (
        "sendPhoto",
        PNG,
        "Kartu peserta",
    )
    assert (document.method, document.files["document"]) == ("sendDocument", b"%PDF-1.4 checklist")


async def test_a_file_is_downloaded_by_get(bot: TelegramBot, fake: FakeBotApi) -> None:
    fake.add_file("ktp-photo", PNG)
    telegram_file = await bot.get_file("ktp-photo")
    assert bytes(await telegram_file.download_as_bytearray()) == PNG


async def test_telegrams_refusal_is_read_from_the_body(bot: TelegramBot, fake: FakeBotApi) -> None:
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(42, "Halo")


async def test_a_server_that_never_answers_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await asyncio.sleep(30)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", read_timeout=0.2)
    finally:
        await request.shutdown()
        server.close()


async def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")


async def test_it_opens_again_after_a_shutdown(bot_api: tuple[FakeBotApi, str]) -> None:
    request = AiohttpRequest(connection_pool_size=1)
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps the RuntimeError
        await request.post(f"{bot_api[1]}/bot{TOKEN}/getMe")
    for _ in range(2):
        async with request:
            assert (await request.post(f"{bot_api[1]}/bot{TOKEN}/getMe"))["is_bot"] is True
