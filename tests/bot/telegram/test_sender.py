"""The outbox worker's Telegram sender: 429 rescheduled by retry_after, 403 marks unreachable."""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.db.outbox import OutboxMessage
from backend.delivery.senders import OutgoingMessage, SenderRegistry
from backend.delivery.worker import RoundReport, deliver_due
from backend.errors import SendError
from backend.outbox import enqueue
from backend.reachability import InMemoryReachability
from bot.telegram import CHANNEL
from bot.telegram.application import build_bot
from bot.telegram.sender import TelegramSender
from dialogues.i18n import Catalogs
from nlu import Language
from tests.bot.telegram.conftest import Telegram
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi
from tests.bot.telegram.updates import new_user_id
from tests.conftest import TODAY_MOMENT


@pytest.fixture
async def sender(
    bot_api: tuple[FakeBotApi, str], fake: FakeBotApi
) -> AsyncIterator[tuple[TelegramSender, InMemoryReachability]]:
    """A sender through the fake Bot API, its unreachable users kept in memory."""
    reachability = InMemoryReachability()
    bot = build_bot(token=TOKEN, api_base_url=bot_api[1], max_retries=0)
    telegram_sender = TelegramSender(bot, reachability, lambda: TODAY_MOMENT)
    yield telegram_sender, reachability
    await telegram_sender.aclose()


def message(recipient: str, text: str = "Klaim Anda sedang diperiksa.") -> OutgoingMessage:
    return OutgoingMessage(
        channel=CHANNEL,
        recipient=recipient,
        text=text,
        idempotency_key=f"test:{secrets.token_hex(4)}",
        kind="claim.verifying",
    )


async def test_a_message_goes_to_the_users_chat_split_when_long(
    sender: tuple[TelegramSender, InMemoryReachability], fake: FakeBotApi
) -> None:
    telegram_sender, _ = sender
    user = str(new_user_id())
    await telegram_sender.send(message(user))
    await telegram_sender.send(message(user, ("kata " * 1000).strip()))
    calls = fake.of("sendMessage")
    assert [c.params["chat_id"] for c in calls] == [user] * 3
    assert calls[0].params["text"] == "Klaim Anda sedang diperiksa."
    assert all(len(c.params["text"]) <= 4096 for c in calls)


async def test_a_429_is_handed_back_with_retry_after_not_slept_on(
    sender: tuple[TelegramSender, InMemoryReachability], fake: FakeBotApi
) -> None:
    telegram_sender, _ = sender
    fake.rate_limit_next(retry_after=30)
    started = time.monotonic()
    with pytest.raises(SendError) as raised:
        await telegram_sender.send(message(str(new_user_id())))
    assert time.monotonic() - started < 5
    assert raised.value.retryable and raised.value.retry_after == timedelta(seconds=30)
    assert len(fake.of("sendMessage")) == 1


async def test_a_403_marks_the_user_unreachable_and_nothing_more_is_sent(
    sender: tuple[TelegramSender, InMemoryReachability], fake: FakeBotApi
) -> None:
    telegram_sender, reachability = sender
    user = str(new_user_id())
    fake.block_next()
    with pytest.raises(SendError) as raised:
        await telegram_sender.send(message(user))
    assert not raised.value.retryable
    assert await reachability.unreachable(CHANNEL, user)
    with pytest.raises(SendError, match="blocked"):
        await telegram_sender.send(message(user))
    assert len(fake.of("sendMessage")) == 1, "the second was never tried"
    await reachability.mark_reachable(CHANNEL, user)
    await telegram_sender.send(message(user))
    assert len(fake.of("sendMessage")) == 2


async def test_a_chat_telegram_does_not_know_is_not_retried(
    sender: tuple[TelegramSender, InMemoryReachability], fake: FakeBotApi
) -> None:
    telegram_sender, _ = sender
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(SendError) as raised:
        await telegram_sender.send(message(str(new_user_id())))
    assert not raised.value.retryable
    with pytest.raises(SendError) as raised:
        await telegram_sender.send(message("rest-user-1"))
    assert not raised.value.retryable


async def test_a_server_error_is_retried_later(
    sender: tuple[TelegramSender, InMemoryReachability], fake: FakeBotApi
) -> None:
    telegram_sender, _ = sender
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    with pytest.raises(SendError) as raised:
        await telegram_sender.send(message(str(new_user_id())))
    assert raised.value.retryable and raised.value.retry_after is None


async def test_the_worker_reschedules_a_429_for_when_telegram_said(
    telegram: Telegram, fake: FakeBotApi
) -> None:
    sessions = telegram.app.state.sessions
    user = str(new_user_id())
    key = f"test:telegram:{user}"
    async with sessions.begin() as session:
        enqueue(
            session=session,
            channel=CHANNEL,
            recipient=user,
            language=Language.ID,
            kind="ticket.reply",
            payload={"reference": "TKT-00000001", "body": "Sudah kami cek."},
            dedupe_key=key,
            now=TODAY_MOMENT,
        )
    reachability = InMemoryReachability()
    bot = build_bot(
        token=TOKEN, api_base_url=str(telegram.app.state.settings.telegram_api_base_url)
    )
    telegram_sender = TelegramSender(bot, reachability, lambda: TODAY_MOMENT)
    senders = SenderRegistry({CHANNEL: telegram_sender})
    fake.rate_limit_next(retry_after=7)
    try:
        first = await deliver_due(
            sessions=sessions, senders=senders, catalogs=Catalogs(), clock=lambda: TODAY_MOMENT
        )
        async with sessions() as session:
            row = await session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
        assert row is not None
        assert first == RoundReport(claimed=1, sent=0, failed=1)
        assert row.next_attempt_at == TODAY_MOMENT + timedelta(seconds=7)
        later = TODAY_MOMENT + timedelta(seconds=7)
        second = await deliver_due(
            sessions=sessions, senders=senders, catalogs=Catalogs(), clock=lambda: later
        )
        assert second == RoundReport(claimed=1, sent=1, failed=0)
    finally:
        await telegram_sender.aclose()
    assert [c.params["chat_id"] for c in fake.of("sendMessage")] == [user, user]
    assert "Sudah kami cek." in fake.of("sendMessage")[-1].params["text"]
