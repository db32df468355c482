"""Sending one reminder: claimed once, sent with its key, marked; every way it can go wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.delivery.senders import OutgoingMessage, RecordingSender
from backend.errors import SendError
from backend.reminders import leases, store
from backend.reminders.dispatch import Delivered
from backend.reminders.queue import PollingQueue
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_duties import DutyEntry, DutyKind
from nlu import Language
from tests.backend.reminders.conftest import Rig
from tests.backend.reminders.factories import new_user, reminder, subscribe, subscription

TAIPEI = ZoneInfo("Asia/Taipei")


def at_taipei(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TAIPEI).astimezone(UTC)


async def test_a_due_reminder_is_sent_once_with_its_key_and_marked(rig: Rig) -> None:
    sub, rows = await subscribe(rig.sessions)
    early = rows[0]
    assert early.idempotency_key == f"jkp-reminder:rest:{sub.id}:2:early"
    dispatcher = rig.dispatcher()
    assert await dispatcher.deliver(early.id) == Delivered.NOT_CLAIMED  # not due yet
    rig.clock.current = early.due_at
    assert await dispatcher.deliver(early.id) == Delivered.SENT
    assert await rig.dispatcher("w2").deliver(early.id) == Delivered.NOT_CLAIMED
    assert await dispatcher.deliver(early.id) == Delivered.NOT_CLAIMED
    [message] = rig.sender.sent
    assert message.idempotency_key == early.idempotency_key
    assert message.kind == "jkp_reminder.early"
    assert message.language == Language.ID
    assert "bulan ke-2" in message.text and "15 Oktober 2026" in message.text
    row = await reminder(rig.sessions, early.id)
    assert row.state == ReminderState.SENT and row.sent_at == early.due_at
    assert row.attempts == 1


async def test_the_text_names_only_what_is_still_missing(rig: Rig) -> None:
    sub, rows = await subscribe(rig.sessions, language=Language.EN)
    async with rig.sessions.begin() as session:
        store.add_duties(
            session=session,
            subscription_id=sub.id,
            entries=[
                DutyEntry(2, DutyKind.APPLICATION, count=3),
                DutyEntry(2, DutyKind.COUNSELLING),
                DutyEntry(2, DutyKind.TRAINING, count=4, total=5),
            ],
            now=rig.clock.now(),
        )
    last_day = rows[1]
    rig.clock.current = last_day.due_at
    assert await rig.dispatcher().deliver(last_day.id) == Delivered.SENT
    text = rig.sender.sent[0].text
    assert "tomorrow, 15 October 2026" in text
    assert "2 more job applications (3 of 5), or 1 interview" in text
    assert "self-assessment" in text
    assert "counselling" not in text and "training" not in text


async def test_quiet_hours_at_send_time_wait_for_8_local(rig: Rig) -> None:
    _, rows = await subscribe(rig.sessions, hour=20)
    early = rows[0]
    rig.clock.current = early.due_at + timedelta(hours=1, minutes=30)  # 21:30 in Taipei
    assert await rig.dispatcher().deliver(early.id) == Delivered.RETRY
    row = await reminder(rig.sessions, early.id)
    assert row.state == ReminderState.PENDING and row.not_before == at_taipei(date(2026, 10, 9), 8)
    assert await rig.dispatcher().deliver(early.id) == Delivered.NOT_CLAIMED
    rig.clock.current = at_taipei(date(2026, 10, 9), 8)
    assert await rig.dispatcher().deliver(early.id) == Delivered.SENT
    assert "in 6 days" in rig.sender.sent[0].text or "6 hari" in rig.sender.sent[0].text


async def test_a_reminder_after_its_claim_date_is_skipped(rig: Rig) -> None:
    _, rows = await subscribe(rig.sessions)
    rig.clock.current = at_taipei(date(2026, 10, 16), 9)
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.SKIPPED
    assert rig.sender.sent == []


async def test_a_user_marked_unreachable_before_subscribing_is_caught_at_send_time(
    rig: Rig,
) -> None:
    # A mark that predates the subscription (say, the "unblocked" update never came): marking
    # ended nothing then, so the send-time check ends the reminders.
    user = new_user()
    await rig.reachability.mark_unreachable("rest", user, reason="blocked", now=rig.clock.now())
    sub, rows = await subscribe(rig.sessions, user=user)
    rig.clock.current = rows[0].due_at
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.SKIPPED
    assert rig.sender.sent == []
    ended = await subscription(rig.sessions, sub.id)
    assert ended.state == "ended" and ended.ended_reason == EndReason.BLOCKED
    assert (await reminder(rig.sessions, rows[1].id)).state == ReminderState.CANCELLED


async def test_a_block_found_while_sending_ends_them_too(rig: Rig) -> None:
    sub, rows = await subscribe(rig.sessions)

    async def refuse(message: OutgoingMessage) -> None:
        # As the Telegram sender does on 403: mark the user, then refuse for good.
        await rig.reachability.mark_unreachable(
            "rest", message.recipient, reason="403", now=rig.clock.now()
        )
        raise SendError("blocked", retryable=False)

    rig.sender = RecordingSender()
    rig.sender.send = refuse  # type: ignore[method-assign]
    rig.clock.current = rows[0].due_at
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.SKIPPED
    assert (await subscription(rig.sessions, sub.id)).ended_reason == EndReason.BLOCKED


async def test_429_holds_the_channel_for_retry_after_and_sends_the_same_message(rig: Rig) -> None:
    _, rows = await subscribe(rig.sessions)
    refusals = [SendError("429", retry_after=timedelta(seconds=3))] * 2
    rig.sender = RecordingSender(fail=lambda message: refusals.pop() if refusals else None)
    rig.clock.current = rows[0].due_at
    dispatcher = rig.dispatcher()
    dispatcher._gate._spacing["rest"] = 0.001  # type: ignore[attr-defined]  # a rate, to see holds
    assert await dispatcher.deliver(rows[0].id) == Delivered.SENT
    assert len(rig.sender.sent) == 1
    assert len(rig.sleeps) >= 1 and max(rig.sleeps) >= 2.9


async def test_other_failures_are_retried_with_backoff_or_given_up(rig: Rig) -> None:
    _, rows = await subscribe(rig.sessions)
    rig.sender = RecordingSender(fail=lambda message: SendError("503"))
    rig.clock.current = rows[0].due_at
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.RETRY
    row = await reminder(rig.sessions, rows[0].id)
    assert row.state == ReminderState.PENDING and row.claimed_by is None
    assert row.not_before == rows[0].due_at + timedelta(seconds=30)
    assert row.last_error == "503"
    rig.sender = RecordingSender(fail=lambda message: SendError("400", retryable=False))
    rig.clock.current = row.not_before
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.FAILED
    assert (await reminder(rig.sessions, rows[0].id)).state == ReminderState.FAILED


async def test_an_ended_subscription_sends_nothing(rig: Rig) -> None:
    sub, rows = await subscribe(rig.sessions)
    rig.clock.current = rows[0].due_at
    async with rig.sessions.begin() as session:
        found = await store.active_subscription(
            session=session, channel="rest", user_id=sub.channel_user_id
        )
        assert found is not None
        await store.end_subscription(
            session=session, subscription=found, reason=EndReason.UNSUBSCRIBED, now=rig.clock.now()
        )
    assert await rig.dispatcher().deliver(rows[0].id) == Delivered.NOT_CLAIMED
    assert (await reminder(rig.sessions, rows[0].id)).state == ReminderState.CANCELLED


async def _crash_mid_send(rig: Rig, channel: str) -> tuple[int, str]:
    """Claim a reminder as worker `dead` and never mark it, as a killed worker leaves it."""
    _, rows = await subscribe(rig.sessions, channel=channel)
    rig.clock.current = rows[0].due_at
    async with rig.sessions.begin() as session:
        claimed = await leases.claim(
            session=session,
            reminder_id=rows[0].id,
            worker="dead",
            now=rig.clock.now(),
            lease=timedelta(seconds=60),
        )
    assert claimed is not None and not claimed.in_doubt
    return rows[0].id, rows[0].idempotency_key


async def test_in_doubt_on_a_channel_that_drops_repeats_it_is_sent_again_with_its_key(
    rig: Rig,
) -> None:
    reminder_id, key = await _crash_mid_send(rig, "rest")
    dispatcher = rig.dispatcher("w2", channel="rest")
    assert await dispatcher.deliver(reminder_id) == Delivered.NOT_CLAIMED  # the lease holds
    rig.clock.advance(timedelta(seconds=61))
    assert await dispatcher.deliver(reminder_id) == Delivered.SENT
    assert [m.idempotency_key for m in rig.sender.sent] == [key]


async def test_in_doubt_on_a_channel_without_keys_it_is_not_sent_again(rig: Rig) -> None:
    reminder_id, _ = await _crash_mid_send(rig, "telegram")
    rig.clock.advance(timedelta(seconds=61))
    assert await rig.dispatcher("w2", channel="telegram").deliver(reminder_id) == Delivered.IN_DOUBT
    assert rig.sender.sent == []
    assert (await reminder(rig.sessions, reminder_id)).state == ReminderState.IN_DOUBT


async def test_a_worker_slower_than_its_lease_does_not_send_what_another_took(rig: Rig) -> None:
    _, rows = await subscribe(rig.sessions)
    rig.clock.current = rows[0].due_at
    slow = rig.dispatcher("slow", lease=timedelta(seconds=5))
    claimed = await slow._claim(rows[0].id)
    assert claimed is not None
    rig.clock.advance(timedelta(seconds=6))
    assert await rig.dispatcher("fast").deliver(rows[0].id) == Delivered.SENT
    assert await slow._send(claimed[0], rig.sender.sent[0]) == Delivered.NOT_CLAIMED
    assert len(rig.sender.sent) == 1


async def test_the_last_reminder_completes_the_subscription(rig: Rig) -> None:
    sub, rows = await subscribe(rig.sessions)
    dispatcher = rig.dispatcher()
    for row in rows:
        rig.clock.current = row.due_at
        assert await dispatcher.deliver(row.id) == Delivered.SENT
    assert len(rig.sender.sent) == 10
    assert "sixth payment ends JKP" in rig.sender.sent[-1].text or "pembayaran keenam" in (
        rig.sender.sent[-1].text
    )
    done = await subscription(rig.sessions, sub.id)
    assert done.state == "ended" and done.ended_reason == EndReason.COMPLETED


async def test_the_polling_queue_sends_what_is_due(rig: Rig) -> None:
    subs = [await subscribe(rig.sessions) for _ in range(5)]
    rig.clock.current = subs[0][1][0].due_at
    queue = PollingQueue(
        sessions=rig.sessions, dispatcher=rig.dispatcher(), clock=rig.clock.now, poll_seconds=1
    )
    assert await queue.run_once() >= 5
    keys = {m.idempotency_key for m in rig.sender.sent}
    assert {rows[0].idempotency_key for _, rows in subs} <= keys
    assert len(keys) == len(rig.sender.sent)
    assert await queue.run_once() == 0
