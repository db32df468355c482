"""The 24-hour window with a clock the tests move, and Graph API errors mapped to actions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.db.reminders import JkpReminder, JkpSubscription
from backend.db.whatsapp import MessageState, OutboundMessage
from backend.delivery.senders import OutgoingMessage
from backend.reachability import SqlReachability
from bot.whatsapp.sender import WhatsAppSender
from dialogues.reminders import EndReason, ReminderState
from tests.backend.reminders.factories import subscribe
from tests.bot.whatsapp.support import Harness, new_number, payload

HOUR = timedelta(hours=1)


def sender_of(whatsapp: Harness) -> WhatsAppSender:
    """The outbox worker's WhatsApp sender, on the channel's queue and clock."""
    return WhatsAppSender(whatsapp.sessions, whatsapp.channel.delivery)


def notice(
    user: str, text: str, *, kind: str = "claim.verifying", language: str = "id"
) -> OutgoingMessage:
    return OutgoingMessage(
        channel="whatsapp",
        recipient=user,
        text=text,
        idempotency_key=f"test:{user}:{text}",
        kind=kind,
        language=language,
    )


async def states(whatsapp: Harness, user: str) -> list[tuple[str, MessageState]]:
    async with whatsapp.sessions() as session:
        rows = await session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.wa_id == user)
            .order_by(OutboundMessage.id)
        )
        return [(row.kind, row.state) for row in rows]


async def tap_template_button(whatsapp: Harness, user: str) -> None:
    await whatsapp.post(payload("template_button", wa_id=user, at=whatsapp.clock.now()))
    await whatsapp.channel.consumer.run_once()


async def test_within_24_hours_a_notice_is_sent_as_it_is(whatsapp: Harness) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    whatsapp.clock.advance(23 * HOUR)
    await sender_of(whatsapp).send(notice(user, "Klaim Anda sedang diperiksa."))
    assert whatsapp.graph.texts(user)[-1] == "Klaim Anda sedang diperiksa."


async def test_outside_the_window_the_template_goes_and_the_message_waits_for_a_reply(
    whatsapp: Harness,
) -> None:
    user = new_number()
    sender = sender_of(whatsapp)
    await whatsapp.say(user, "halo")
    answered = len(whatsapp.graph.sent(user))
    whatsapp.clock.advance(25 * HOUR)
    await sender.send(
        notice(user, "Your claim was approved.", kind="claim.approved", language="en")
    )
    whatsapp.clock.advance(HOUR)
    await sender.send(notice(user, "An officer answered.", kind="ticket.reply", language="en"))
    (template,) = whatsapp.graph.sent(user)[answered:]  # one template for the closed window
    assert template["type"] == "template"
    assert template["template"] == {"name": "claim_update", "language": {"code": "en"}}
    assert await states(whatsapp, user) == [
        ("reply", MessageState.SENT),
        ("claim.approved", MessageState.HELD),
        ("template", MessageState.SENT),
        ("ticket.reply", MessageState.HELD),
    ]
    # A day later the user taps the template's button: both come, in order, nothing else.
    whatsapp.clock.advance(24 * HOUR)
    await tap_template_button(whatsapp, user)
    assert whatsapp.graph.texts(user)[answered + 1 :] == [
        "Your claim was approved.",
        "An officer answered.",
    ]
    # The window is open again: the next notice goes at once.
    await sender.send(notice(user, "Interview tomorrow.", kind="claim.interview_scheduled"))
    assert whatsapp.graph.texts(user)[-1] == "Interview tomorrow."


async def test_a_reply_in_words_gets_the_held_message_then_its_answer(whatsapp: Harness) -> None:
    user = new_number()
    await sender_of(whatsapp).send(notice(user, "Klaim Anda disetujui.", kind="claim.approved"))
    # The user never wrote: the template in Indonesian, the text held.
    (template,) = whatsapp.graph.sent(user)
    assert template["template"] == {"name": "claim_update", "language": {"code": "id"}}
    whatsapp.clock.advance(2 * HOUR)
    texts = await whatsapp.say(user, "apa itu jht")
    assert texts[0] == "Klaim Anda disetujui."
    assert "JHT (Jaminan Hari Tua)" in texts[1]


async def test_a_kind_without_its_own_template_gets_the_default(whatsapp: Harness) -> None:
    user = new_number()
    await sender_of(whatsapp).send(notice(user, "Pesan.", kind="survey.monthly"))
    (template,) = whatsapp.graph.sent(user)
    assert template["template"]["name"] == "message_waiting"


async def test_whatsapp_saying_the_window_is_closed_wins_over_our_record(
    whatsapp: Harness,
) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    answered = len(whatsapp.graph.sent(user))
    whatsapp.clock.advance(HOUR)
    whatsapp.graph.fail_next(user, 131047)  # re-engagement required
    await sender_of(whatsapp).send(notice(user, "Klaim Anda disetujui.", kind="claim.approved"))
    refused, template = whatsapp.graph.sent(user)[answered:]
    assert refused["type"] == "text"
    assert template["type"] == "template"
    assert ("claim.approved", MessageState.HELD) in await states(whatsapp, user)
    await whatsapp.say(user, "ok")
    assert "Klaim Anda disetujui." in whatsapp.graph.texts(user)


async def test_a_failed_status_131047_holds_the_message_and_sends_the_template(
    whatsapp: Harness,
) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    whatsapp.clock.advance(HOUR)
    await sender_of(whatsapp).send(notice(user, "Klaim Anda disetujui.", kind="claim.approved"))
    async with whatsapp.sessions() as session:
        sent = await session.scalar(
            select(OutboundMessage).where(
                OutboundMessage.wa_id == user, OutboundMessage.kind == "claim.approved"
            )
        )
    assert sent is not None
    assert sent.state == MessageState.SENT
    # Later WhatsApp reports it failed: more than 24 hours since the user wrote, it says.
    await whatsapp.post(payload("status_failed_131047", wa_id=user, status_of=sent.wamid))
    await whatsapp.channel.consumer.run_once()
    assert whatsapp.graph.sent(user)[-1]["type"] == "template"
    assert ("claim.approved", MessageState.HELD) in await states(whatsapp, user)


async def test_rate_limited_waits_and_the_next_message_waits_behind_it(
    whatsapp: Harness,
) -> None:
    user = new_number()
    sender = sender_of(whatsapp)
    await whatsapp.say(user, "halo")
    answered = len(whatsapp.graph.sent(user))
    whatsapp.graph.fail_next(user, 130429, status=429)
    await sender.send(notice(user, "Pertama."))
    await sender.send(notice(user, "Kedua."))
    assert len(whatsapp.graph.sent(user)) == answered + 1  # the refused try only
    await whatsapp.channel.consumer.run_once()  # not due yet: nothing
    assert len(whatsapp.graph.sent(user)) == answered + 1
    whatsapp.clock.advance(timedelta(seconds=31))
    await whatsapp.channel.consumer.run_once()  # the sweep sends both, in order
    assert whatsapp.graph.texts(user)[answered + 1 :] == ["Pertama.", "Kedua."]


async def test_undeliverable_marks_the_user_unreachable_until_they_write(
    whatsapp: Harness,
) -> None:
    user = new_number()
    sender = sender_of(whatsapp)
    await whatsapp.say(user, "halo")
    answered = len(whatsapp.graph.sent(user))
    whatsapp.graph.fail_next(user, 131026)  # blocked us, or left WhatsApp
    await sender.send(notice(user, "Pertama."))
    assert await SqlReachability(whatsapp.sessions).unreachable("whatsapp", user)
    await sender.send(notice(user, "Kedua."))
    assert len(whatsapp.graph.sent(user)) == answered + 1  # nothing after the refusal
    assert [state for _, state in await states(whatsapp, user)][-2:] == [
        MessageState.HELD,
        MessageState.HELD,
    ]
    whatsapp.clock.advance(HOUR)
    texts = await whatsapp.say(user, "halo lagi")
    assert texts[:2] == ["Pertama.", "Kedua."]
    assert not await SqlReachability(whatsapp.sessions).unreachable("whatsapp", user)


async def test_stopping_our_messages_131050_ends_the_jkp_reminders_at_once(
    whatsapp: Harness,
) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    subscription, waiting = await subscribe(
        whatsapp.sessions, channel="whatsapp", user=user, now=whatsapp.clock.now()
    )
    assert waiting, "reminders still to come"
    whatsapp.graph.fail_next(user, 131050)  # the user stopped our marketing messages
    await sender_of(whatsapp).send(notice(user, "Pertama."))
    async with whatsapp.sessions() as session:
        row = await session.get(JkpSubscription, subscription.id)
        assert row is not None and row.ended_reason == EndReason.BLOCKED
        pending = await session.scalars(
            select(JkpReminder.id).where(
                JkpReminder.subscription_id == subscription.id,
                JkpReminder.state == ReminderState.PENDING,
            )
        )
        assert list(pending) == []


async def test_a_failed_status_131026_marks_the_user_unreachable(whatsapp: Harness) -> None:
    user = new_number()
    await whatsapp.say(user, "halo")
    async with whatsapp.sessions() as session:
        sent = await session.scalar(select(OutboundMessage).where(OutboundMessage.wa_id == user))
    assert sent is not None
    await whatsapp.post(payload("status_failed_131026", wa_id=user, status_of=sent.wamid))
    await whatsapp.channel.consumer.run_once()
    assert await SqlReachability(whatsapp.sessions).unreachable("whatsapp", user)


async def test_a_missing_template_fails_the_template_and_keeps_the_message(
    whatsapp: Harness,
) -> None:
    user = new_number()
    whatsapp.graph.fail_next(user, 132001)  # the template is not approved in that language
    await sender_of(whatsapp).send(notice(user, "Klaim Anda disetujui.", kind="claim.approved"))
    assert await states(whatsapp, user) == [
        ("claim.approved", MessageState.HELD),
        ("template", MessageState.FAILED),
    ]
    texts = await whatsapp.say(user, "halo")
    assert texts[0] == "Klaim Anda disetujui."


async def test_the_same_outbox_message_twice_is_queued_once(whatsapp: Harness) -> None:
    user = new_number()
    sender = sender_of(whatsapp)
    await whatsapp.say(user, "halo")
    message = notice(user, "Sekali saja.")
    await sender.send(message)
    await sender.send(message)  # the worker crashed before marking it sent
    assert whatsapp.graph.texts(user).count("Sekali saja.") == 1


async def test_each_closed_window_gets_its_own_template(whatsapp: Harness) -> None:
    user = new_number()
    sender = sender_of(whatsapp)
    await whatsapp.say(user, "halo")
    whatsapp.clock.advance(25 * HOUR)
    await sender.send(notice(user, "Pertama.", kind="claim.approved"))
    await tap_template_button(whatsapp, user)
    assert whatsapp.graph.texts(user)[-1] == "Pertama."
    # Within the 24 hours by our record, but WhatsApp says the window is closed:
    whatsapp.clock.advance(HOUR)
    whatsapp.graph.fail_next(user, 131047)
    await sender.send(notice(user, "Kedua.", kind="ticket.reply"))
    assert whatsapp.graph.texts(user)[-1] == "[template officer_reply]"
    # And when our own record says it is closed, a day after the user's last message:
    await tap_template_button(whatsapp, user)
    assert whatsapp.graph.texts(user)[-1] == "Kedua."
    whatsapp.clock.advance(25 * HOUR)
    await sender.send(notice(user, "Ketiga.", kind="claim.paid"))
    assert whatsapp.graph.texts(user)[-1] == "[template claim_update]"
    assert whatsapp.graph.texts(user).count("[template claim_update]") == 2
