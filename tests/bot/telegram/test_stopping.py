"""Stopping on Telegram: blocking the bot, a 403, and /stop end the JKP reminders at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.reminders import JkpReminder, JkpSubscription
from backend.delivery.senders import OutgoingMessage
from backend.errors import SendError
from backend.reachability import SqlReachability
from bot.telegram import CHANNEL
from bot.telegram.application import build_bot
from bot.telegram.sender import TelegramSender
from dialogues.reminders import EndReason, ReminderState
from tests.backend.reminders.factories import subscribe
from tests.bot.telegram.conftest import Telegram
from tests.bot.telegram.fake_bot_api import TOKEN
from tests.bot.telegram.updates import new_user_id, update
from tests.conftest import TODAY_MOMENT

STOPPED_ID = "semua pengingat JKP Anda dihentikan"
LEFT_ID = "Yang sedang kita kerjakan juga sudah saya hentikan"
ASKED_ID = "Apa alasan Anda ingin mengklaim JHT?"


def sessions_of(telegram: Telegram) -> async_sessionmaker[AsyncSession]:
    """Return the app's sessionmaker (the seeded SQLite file of the test session)."""
    sessions: async_sessionmaker[AsyncSession] = telegram.app.state.sessions
    return sessions


async def subscribed(telegram: Telegram, user: int) -> int:
    """Subscribe the Telegram user to JKP reminders (some still to come); return its id."""
    subscription, rows = await subscribe(
        sessions_of(telegram), channel=CHANNEL, user=str(user), now=TODAY_MOMENT
    )
    assert rows, "reminders still to come"
    return subscription.id


async def ended(telegram: Telegram, subscription_id: int) -> tuple[str | None, set[str]]:
    """Return why the subscription ended (None: it didn't) and its reminders' states."""
    async with sessions_of(telegram)() as session:
        subscription = await session.get(JkpSubscription, subscription_id)
        assert subscription is not None
        states = await session.scalars(
            select(JkpReminder.state).where(JkpReminder.subscription_id == subscription_id)
        )
        return subscription.ended_reason, set(states)


async def test_blocking_the_bot_ends_the_reminders_at_once(telegram: Telegram) -> None:
    user = new_user_id()
    subscription = await subscribed(telegram, user)
    assert await telegram.said(update("my_chat_member_kicked", user=user)) == []
    assert await ended(telegram, subscription) == (EndReason.BLOCKED, {ReminderState.CANCELLED})
    # Unblocking does not turn them back on: the user asks again if they want them.
    assert await telegram.said(update("my_chat_member_member", user=user)) == []
    assert (await ended(telegram, subscription))[0] == EndReason.BLOCKED


async def test_a_403_on_answering_ends_the_reminders(telegram: Telegram) -> None:
    user = new_user_id()
    subscription = await subscribed(telegram, user)
    telegram.fake.block_next()
    response = await telegram.send(update("text", user=user, text="halo"))
    assert response.status_code == 200
    assert await ended(telegram, subscription) == (EndReason.BLOCKED, {ReminderState.CANCELLED})


async def test_a_403_on_a_queued_send_ends_the_reminders(telegram: Telegram) -> None:
    user = new_user_id()
    subscription = await subscribed(telegram, user)
    bot = build_bot(
        token=TOKEN, api_base_url=str(telegram.app.state.settings.telegram_api_base_url)
    )
    sender = TelegramSender(bot, SqlReachability(sessions_of(telegram)), lambda: TODAY_MOMENT)
    telegram.fake.block_next()
    message = OutgoingMessage(
        channel=CHANNEL,
        recipient=str(user),
        text="Klaim Anda disetujui.",
        idempotency_key="test:403",
        kind="claim.approved",
    )
    try:
        with pytest.raises(SendError):
            await sender.send(message)
    finally:
        await sender.aclose()
    assert await ended(telegram, subscription) == (EndReason.BLOCKED, {ReminderState.CANCELLED})


async def test_stop_ends_the_reminders_and_leaves_the_walkthrough_in_indonesian(
    telegram: Telegram,
) -> None:
    user = new_user_id()
    subscription = await subscribed(telegram, user)
    question = await telegram.said(
        update("text", user=user, text="apakah saya bisa klaim JHT?", language="id")
    )
    assert ASKED_ID in question[-1], "the eligibility walkthrough asks its first question"
    said = await telegram.said(update("text", user=user, text="/stop", language="id"))
    assert len(said) == 1, "one reply, and the walkthrough's question is not asked again"
    assert STOPPED_ID in said[0] and LEFT_ID in said[0]
    assert await ended(telegram, subscription) == (
        EndReason.UNSUBSCRIBED,
        {ReminderState.CANCELLED},
    )
    # The walkthrough was left: "lanjut" has no question to go back to.
    after = await telegram.said(update("text", user=user, text="lanjut", language="id"))
    assert after and not any(ASKED_ID in text for text in after)


async def test_stop_without_reminders_or_a_flow_says_there_was_nothing(
    telegram: Telegram,
) -> None:
    said = await telegram.said(update("text", user=new_user_id(), text="/stop", language="en"))
    assert said == ["You have no JKP reminders on, so there is nothing to stop."]
