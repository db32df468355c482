"""JKP reminders and the user's time zone: asked through the shared question, dates read in it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.wiring import Runtime
from dialogues.content import Content
from dialogues.engine import DialogueEngine
from dialogues.flows import jkp_reminders, jkp_tracking, pausing, timezone
from dialogues.flows.base import FlowContext, Turn
from dialogues.messages import Incoming
from dialogues.ports import ConversationKey
from dialogues.reminders import ReminderPlan
from dialogues.state import Conversation
from nlu import Intent, Language
from tests.factories import new_user

DAY = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
EVENING = datetime(2026, 3, 10, 16, 30, tzinfo=UTC)
"""Already 11 March 01:30 in Seoul; still 10 March in Riyadh (19:30) and Jakarta (23:30)."""
TAIPEI = '/change_language{"timezone":"Asia/Taipei"}'


@pytest.fixture
def engine(runtime: Runtime) -> DialogueEngine:
    return runtime.engine


async def chat(
    engine: DialogueEngine, user: str, text: str, *, now: datetime = DAY, channel: str = "rest"
) -> str:
    incoming = Incoming(channel, user, text, language_hint="id", received_at=now)
    return "\n".join(r.text for r in await engine.handle(incoming))


async def stored(runtime: Runtime, user: str, channel: str = "rest") -> Conversation:
    assert runtime.store is not None
    return await runtime.store.load(ConversationKey(channel, user)) or Conversation()


async def dates_given(engine: DialogueEngine, user: str, *, channel: str = "rest") -> str:
    await chat(engine, user, "ingatkan jkp", channel=channel)
    await chat(engine, user, "10/08/2026", channel=channel)
    return await chat(engine, user, "1 september 2026", channel=channel)


def test_the_flow_has_no_country_step_of_its_own() -> None:
    assert "country" not in set(jkp_reminders.Step)
    assert jkp_reminders.TRANSITIONS[(jkp_reminders.Step.HOUR, jkp_reminders.Event.BACK)] == (
        jkp_reminders.Step.FIRST_DATE
    )


async def test_the_country_is_asked_through_the_shared_question_then_the_hour(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    asked = await dates_given(engine, user)
    assert "Pengingat mengikuti jam di tempat Anda bekerja" in asked
    assert "Negara mana tempat Anda bekerja sekarang" in asked and "Jam berapa" not in asked
    waiting = await stored(runtime, user)
    assert waiting.flow == timezone.FLOW
    assert waiting.slots[pausing.PAUSED][-1] == {"flow": jkp_reminders.FLOW, "step": "hour"}
    answered = await chat(engine, user, TAIPEI)
    assert "Asia/Taipei" in answered and "Jam berapa" in answered
    back = await stored(runtime, user)
    assert (back.flow, back.step) == (jkp_reminders.FLOW, "hour")
    assert back.slots["timezone"] == "Asia/Taipei"
    assert "pembayaran JKP pertama" in await chat(engine, user, "kembali")
    again = await chat(engine, user, "1 september 2026")
    assert "Jam berapa" in again and "Negara mana" not in again
    assert "waktu Taiwan" in await chat(engine, user, "jam 9 pagi")


async def test_a_known_zone_is_not_asked_again(engine: DialogueEngine) -> None:
    user = new_user()
    await chat(engine, user, "saya pindah ke Hong Kong")
    asked = await dates_given(engine, user)
    assert "Jam berapa" in asked and "Negara mana" not in asked


async def test_an_hour_after_the_country_question_was_cancelled_asks_it_again(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    await dates_given(engine, user)
    cancelled = await chat(engine, user, "batal")
    assert "Kembali ke pengingat JKP Anda" in cancelled and "Jam berapa" in cancelled
    asked = await chat(engine, user, "jam 9 pagi")
    assert "Negara mana" in asked
    assert (await stored(runtime, user)).flow == timezone.FLOW
    assert "Jam berapa" in await chat(engine, user, "hongkong")
    assert "waktu Hong Kong" in await chat(engine, user, "jam 9 pagi")


async def test_never_guessed_from_a_plus_62_number(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = "+6281234567890"
    asked = await dates_given(engine, user, channel="whatsapp")
    assert "Negara mana" in asked
    assert "timezone" not in (await stored(runtime, user, "whatsapp")).slots


@pytest.mark.parametrize(("zone", "accepted"), [("Asia/Seoul", True), ("Asia/Riyadh", False)])
async def test_the_dismissal_date_is_read_in_the_users_zone(
    engine: DialogueEngine, zone: str, accepted: bool
) -> None:
    user = new_user()
    await chat(engine, user, f"zona waktu saya {zone}", now=EVENING)
    await chat(engine, user, "ingatkan jkp", now=EVENING)
    said = await chat(engine, user, "11/03/2026", now=EVENING)  # today in Seoul only
    assert ("pembayaran JKP pertama" in said) is accepted
    assert ("masih di masa depan" in said) is not accepted


def report(text: str) -> Turn:
    return Turn(
        text=text,
        intent=Intent.OUT_OF_SCOPE,
        confidence=0.3,
        language=Language.EN,
        now=EVENING,
        channel="rest",
        user_id="worker",
    )


@pytest.mark.parametrize(
    ("stored_zone", "plan_zone", "month"),
    [
        ("Asia/Seoul", "Asia/Seoul", 5),  # yesterday = 10 March: month 5 (claim 10 April)
        ("Asia/Riyadh", "Asia/Riyadh", 4),  # yesterday = 9 March: month 4 (claim 10 March)
        (None, "Asia/Seoul", 5),  # no zone in this conversation: the reminders' zone
        ("Asia/Seoul", "Asia/Riyadh", 5),  # moved since subscribing: where the user is now
    ],
)
async def test_yesterday_in_a_duty_report_is_the_users_yesterday(
    stored_zone: str | None, plan_zone: str, month: int
) -> None:
    context = FlowContext(content=Content.load())
    plan = ReminderPlan(date(2025, 12, 1), date(2025, 12, 10), plan_zone, 9, Language.EN)
    await context.services.reminders.subscribe("rest", "worker", plan, now=EVENING)
    conversation = Conversation().with_slots(timezone=stored_zone)
    turn = report("ikut konseling kemarin")
    assert jkp_tracking.says_report(turn)
    outcome = await jkp_tracking.track(turn, conversation, context)
    assert f"Noted for month {month}: counselling" in outcome.replies[0].text
    assert outcome.conversation.slots["timezone"] == (stored_zone or plan_zone)
