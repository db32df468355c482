"""A block or opt-out ends the reminders at once: marking a user unreachable ends them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.channels import UnreachableChat
from backend.db.reminders import JkpReminder
from backend.reachability import InMemoryReachability, SqlReachability
from dialogues.memory_reminders import InMemoryReminders
from dialogues.reminders import EndReason, ReminderState
from tests.backend.reminders.factories import START, new_user, plan, subscribe, subscription


async def states(sessions: async_sessionmaker[AsyncSession], subscription_id: int) -> set[str]:
    """Return the states of a subscription's reminders."""
    async with sessions() as session:
        rows = await session.scalars(
            select(JkpReminder.state).where(JkpReminder.subscription_id == subscription_id)
        )
        return set(rows)


async def test_marking_a_user_unreachable_ends_their_subscription_at_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sub, _ = await subscribe(sessions, channel="telegram")
    await SqlReachability(sessions).mark_unreachable(
        "telegram", sub.channel_user_id, reason="blocked the bot", now=START
    )
    ended = await subscription(sessions, sub.id)
    assert ended.state == "ended" and ended.ended_reason == EndReason.BLOCKED
    assert ended.ended_at == START
    assert await states(sessions, sub.id) == {ReminderState.CANCELLED}
    assert await SqlReachability(sessions).unreachable("telegram", sub.channel_user_id)


async def test_only_that_channels_subscription_ends_and_marking_again_is_harmless(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = new_user()
    on_telegram, _ = await subscribe(sessions, channel="telegram", user=user)
    on_whatsapp, _ = await subscribe(sessions, channel="whatsapp", user=user)
    reachability = SqlReachability(sessions)
    for reason in ("blocked the bot", "again"):
        await reachability.mark_unreachable("telegram", user, reason=reason, now=START)
    assert (await subscription(sessions, on_telegram.id)).state == "ended"
    assert (await subscription(sessions, on_whatsapp.id)).state == "active"
    assert await states(sessions, on_whatsapp.id) == {ReminderState.PENDING}
    async with sessions() as session:
        marks = await session.scalars(
            select(UnreachableChat.reason).where(UnreachableChat.channel_user_id == user)
        )
        assert list(marks) == ["blocked the bot"]


async def test_coming_back_does_not_turn_them_on_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sub, _ = await subscribe(sessions, channel="telegram")
    reachability = SqlReachability(sessions)
    await reachability.mark_unreachable("telegram", sub.channel_user_id, reason="x", now=START)
    await reachability.mark_reachable("telegram", sub.channel_user_id)
    assert (await subscription(sessions, sub.id)).state == "ended"


async def test_the_in_memory_twin_ends_the_in_memory_reminders() -> None:
    reminders = InMemoryReminders()
    reachability = InMemoryReachability(reminders)
    await reminders.subscribe("telegram", "1", plan(), now=START)
    await reminders.subscribe("whatsapp", "1", plan(), now=START)
    await reachability.mark_unreachable("telegram", "1", reason="blocked", now=START)
    assert await reminders.status("telegram", "1") is None
    assert await reminders.status("whatsapp", "1") is not None
    assert reminders.ended == [(("telegram", "1"), EndReason.BLOCKED)]
    await InMemoryReachability().mark_unreachable("whatsapp", "1", reason="x", now=START)
    assert await reminders.status("whatsapp", "1") is not None, "without reminders: a mark only"
