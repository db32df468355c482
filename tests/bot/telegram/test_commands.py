"""`jamsos telegram set-webhook` (the secret, the commands in both languages), and polling."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from backend.config import Settings
from bot.telegram import commands, setup
from bot.wiring import build_runtime
from dialogues.i18n import Catalogs
from tests.bot.telegram.conftest import SECRET
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi
from tests.bot.telegram.updates import new_user_id, update
from tests.conftest import fixed_clock

ROOT = Path(__file__).resolve().parents[3]


def jamsos(*args: str, url: str, secret: str | None) -> subprocess.CompletedProcess[str]:
    """Run the `jamsos` command with Telegram settings in its environment only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": url, "LOG_LEVEL": "WARNING"}
    if secret is not None:
        env["TELEGRAM_WEBHOOK_SECRET"] = secret
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_set_webhook_registers_the_secret_the_updates_and_both_command_menus(
    bot_api: tuple[FakeBotApi, str], fake: FakeBotApi
) -> None:
    url = "https://jamsos.example.id/webhooks/telegram"
    done = await asyncio.to_thread(
        jamsos, "telegram", "set-webhook", url, "--drop-pending", url=bot_api[1], secret=SECRET
    )
    assert done.returncode == 0, done.stderr
    [webhook] = fake.of("setWebhook")
    assert webhook.params["url"] == url
    assert webhook.params["secret_token"] == SECRET
    assert webhook.params["allowed_updates"] == ["message", "callback_query", "my_chat_member"]
    assert webhook.params["drop_pending_updates"] == "true"
    menus = {c.params.get("language_code"): c.params["commands"] for c in fake.of("setMyCommands")}
    assert set(menus) == {None, "id"}
    assert [c["command"] for c in menus[None]] == ["start", "help", "language", "status", "stop"]
    assert [c["command"] for c in menus["id"]] == ["start", "help", "language", "status", "stop"]
    assert menus[None][3]["description"] == "The status of my claims"
    assert menus["id"][3]["description"] == "Status klaim saya"
    assert menus[None][4]["description"] == "Stop reminders and what we are doing"
    assert menus["id"][4]["description"] == "Hentikan pengingat dan yang sedang dikerjakan"


async def test_set_webhook_needs_the_secret(
    bot_api: tuple[FakeBotApi, str], fake: FakeBotApi
) -> None:
    done = await asyncio.to_thread(
        jamsos, "telegram", "set-webhook", "https://x.id/t", url=bot_api[1], secret=None
    )
    assert done.returncode == 1
    assert "TELEGRAM_WEBHOOK_SECRET" in done.stderr
    assert fake.of("setWebhook") == []


async def test_polling_answers_updates_as_the_webhook_does(
    telegram_settings: Settings, fake: FakeBotApi
) -> None:
    runtime = build_runtime(telegram_settings, clock=fixed_clock())
    application = setup.build_channel(
        telegram_settings,
        engine=runtime.engine,
        services=runtime.services,
        keys=setup.shared_keys(None, runtime.sessions),
        sessions=runtime.sessions,
    )
    user = new_user_id()
    first = update("text", user=user, text="halo")
    fake.updates = [first, update("text", user=user, text="/help"), first]  # one redelivered
    stop = asyncio.Event()
    try:
        async with application:
            await commands.register_commands(application.bot, Catalogs())
            polling = asyncio.create_task(commands.poll(application, stop, wait=1))
            for _ in range(200):
                if len(fake.sent()) >= 2 and len(fake.of("getUpdates")) >= 2:
                    break
                await asyncio.sleep(0.05)
            stop.set()
            processed = await asyncio.wait_for(polling, timeout=10)
    finally:
        await runtime.aclose()
    assert fake.of("deleteWebhook"), "getUpdates fails while a webhook is set"
    assert processed == 3
    assert len(fake.sent()) == 2, "the redelivered update is not answered again"
    offsets = [c.params.get("offset") for c in fake.of("getUpdates")]
    assert offsets[0] is None and offsets[1] == str(first["update_id"] + 1)
