"""The time zone question: asked once, never guessed, changed at any point, resuming after."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.wiring import Runtime
from dialogues.content import Content
from dialogues.engine import DialogueEngine
from dialogues.flows import (
    FLOWS,
    INTENT_HANDLERS,
    eligibility,
    pausing,
    timezone,
    timezone_questions,
)
from dialogues.flows.base import FlowContext, Turn, settle
from dialogues.messages import Incoming, Reply
from dialogues.ports import ConversationKey
from dialogues.state import Conversation
from nlu import Entity, Intent, Language
from tests.factories import new_user

DAY = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
"""16:00 in Jakarta: the same date from Riyadh to Tokyo."""
NIGHT = datetime(2026, 11, 21, 16, 30, tzinfo=UTC)
"""23:30 in Jakarta, already 22 November in Taipei and Seoul."""
TAIPEI = '/change_language{"timezone":"Asia/Taipei"}'


def turn(
    text: str,
    intent: str = Intent.OUT_OF_SCOPE,
    *,
    entities: dict[str, str] | None = None,
    from_button: bool = False,
    now: datetime = NIGHT,
) -> Turn:
    return Turn(
        text=text,
        intent=intent,
        confidence=0.9 if from_button else 0.3,
        language=Language.ID,
        now=now,
        entities=tuple(Entity(k, v, 0, 0) for k, v in (entities or {}).items()),
        from_button=from_button,
    )


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def payloads(replies: list[Reply]) -> list[str]:
    return [b.payload for r in replies for b in r.buttons]


@pytest.fixture
def engine(runtime: Runtime) -> DialogueEngine:
    return runtime.engine


async def chat(
    engine: DialogueEngine, user: str, text: str, *, now: datetime = NIGHT, hint: str = "id"
) -> list[Reply]:
    incoming = Incoming("rest", user, text, language_hint=hint, received_at=now)
    return await engine.handle(incoming)


async def stored(runtime: Runtime, user: str) -> Conversation:
    assert runtime.store is not None
    return await runtime.store.load(ConversationKey("rest", user)) or Conversation()


@pytest.mark.parametrize(
    ("moment", "uncertain"),
    [
        (DAY, False),
        (NIGHT, True),
        (datetime(2026, 11, 21, 14, 59, tzinfo=UTC), False),  # 23:59 in Tokyo
        (datetime(2026, 11, 21, 15, 0, tzinfo=UTC), True),  # midnight in Tokyo and Seoul
        (datetime(2026, 11, 21, 20, 59, tzinfo=UTC), True),  # 23:59 in Riyadh
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), False),  # midnight in Riyadh too
    ],
)
def test_the_date_is_uncertain_only_while_placements_disagree(
    moment: datetime, uncertain: bool
) -> None:
    assert timezone.date_is_uncertain(moment) is uncertain


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("ganti zona waktu", None),
        ("Ubah zona waktu saya", None),
        ("change my time zone", None),
        ("timezone", None),
        ("zona waktu saya WITA", "Asia/Makassar"),
        ("set my time zone to Asia/Dubai", "Asia/Dubai"),
        ("I moved to Taiwan", "Asia/Taipei"),
        ("I've moved to Hong Kong!", "Asia/Hong_Kong"),
        ("saya pindah ke Taiwan", "Asia/Taipei"),
        ("sy udh pindah kerja ke malaysia", "Asia/Kuala_Lumpur"),
        ("sekarang saya kerja di Jepang", "Asia/Tokyo"),
        ("I now work in Korea", "Asia/Seoul"),
    ],
)
def test_typed_changes_are_recognised(text: str, zone: str | None) -> None:
    assert timezone.says_change(turn(text))
    assert timezone_questions.typed_change(text) == (True, zone)


@pytest.mark.parametrize(
    "text",
    [
        "saya pindah ke perusahaan lain",  # a new job, not a new time zone
        "I moved to a new employer",
        "kerja di malaysia",  # an answer to another question
        "malaysia",
        "berapa iuran jkk untuk pmi di taiwan kalau saya pindah ke taiwan bulan depan",
    ],
)
def test_other_messages_are_no_change(text: str) -> None:
    assert not timezone.says_change(turn(text))


def test_buttons_of_the_settings_intent_change_it_others_do_not() -> None:
    taipei = turn(
        TAIPEI, Intent.CHANGE_LANGUAGE, entities={"timezone": "Asia/Taipei"}, from_button=True
    )
    assert timezone.says_change(taipei)
    english = turn("/change_language", Intent.CHANGE_LANGUAGE, entities={"language": "en"})
    assert not timezone.says_change(english)
    other_intent = turn("x", Intent.HELP, entities={"timezone": "Asia/Taipei"}, from_button=True)
    assert not timezone.says_change(other_intent)


def test_a_language_request_is_no_place() -> None:
    assert timezone_questions.names_a_place("Indonesia") == "Asia/Jakarta"
    assert timezone_questions.names_a_place("bahasa indonesia") is None
    assert timezone_questions.names_a_place("english please") is None


def test_ensure_asks_only_while_the_zone_is_unknown() -> None:
    asked = timezone.ensure(turn("x"), Conversation(), then=Intent.CHECK_ELIGIBILITY)
    assert asked is not None
    assert asked.conversation.flow == timezone.FLOW
    shown = payloads(list(asked.replies))
    assert TAIPEI in shown and '/change_language{"timezone":"other"}' in shown
    assert len(shown) == 9  # the 8 usual placements and "other": one WhatsApp list
    known = Conversation().with_slots(timezone="Asia/Taipei")
    assert timezone.ensure(turn("x"), known) is None
    # A stored zone this machine doesn't know is asked again rather than used.
    assert timezone.ensure(turn("x"), Conversation().with_slots(timezone="Mars/Base")) is not None


def test_local_today_is_the_users_date_or_unknown() -> None:
    assert timezone.local_today(turn("x"), Conversation()) is None
    taipei = Conversation().with_slots(timezone="Asia/Taipei")
    jakarta = Conversation().with_slots(timezone="Asia/Jakarta")
    assert str(timezone.local_today(turn("x"), taipei)) == "2026-11-22"
    assert str(timezone.local_today(turn("x"), jakarta)) == "2026-11-21"


async def test_ensure_without_then_pauses_the_flow_and_brings_its_question_back() -> None:
    context = FlowContext(content=Content.load())
    started = eligibility.start(
        turn("", Intent.CHECK_ELIGIBILITY, entities={"program": "JHT"}, now=DAY),
        Conversation(),
        context,
    )
    waiting = started.conversation
    asked = timezone.ensure(turn("x"), waiting)
    assert asked is not None
    assert asked.conversation.flow == timezone.FLOW
    assert asked.conversation.slots[pausing.PAUSED][-1]["flow"] == eligibility.FLOW
    resume = FLOWS[timezone.FLOW].resume
    button = turn(
        TAIPEI, Intent.CHANGE_LANGUAGE, entities={"timezone": "Asia/Taipei"}, from_button=True
    )
    answered = await settle(resume(button, asked.conversation, context))
    assert answered is not None
    back = pausing.resume_paused(answered, FLOWS, context)
    assert back.conversation.flow == eligibility.FLOW
    assert back.conversation.step == waiting.step
    assert back.conversation.slots["timezone"] == "Asia/Taipei"
    assert back.conversation.slots["eligibility"] == waiting.slots["eligibility"]
    assert "Back to checking your JHT claim" in text_of(list(back.replies))


def test_the_handlers_given_to_the_flow_are_the_intent_handlers() -> None:
    assert FLOWS[timezone.FLOW].waits
    assert Intent.CHECK_ELIGIBILITY in INTENT_HANDLERS


async def test_eligibility_at_night_asks_once_then_checks(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    first = await chat(engine, user, "bisa klaim jkp ga?")
    assert "Negara mana tempat Anda bekerja sekarang" in text_of(first)
    assert TAIPEI in payloads(first)
    second = await chat(engine, user, TAIPEI)
    said = text_of(second)
    assert "Taiwan" in said and "Asia/Taipei" in said and "00.30" in said.replace(":", ".")
    assert "Bagaimana pekerjaan Anda berakhir" in said  # the request goes on, JKP kept
    assert (await stored(runtime, user)).slots["timezone"] == "Asia/Taipei"
    again = await chat(engine, user, '/check_eligibility{"program":"JHT"}')
    assert "Negara mana" not in text_of(again)


async def test_eligibility_by_day_asks_nothing(engine: DialogueEngine) -> None:
    replies = await chat(engine, new_user(), "bisa klaim jkp ga?", now=DAY)
    assert "Negara mana" not in text_of(replies)
    assert "Bagaimana pekerjaan Anda berakhir" in text_of(replies)


async def test_never_guessed_from_a_plus_62_number_or_the_language(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = "+6281234567890"
    await engine.handle(
        Incoming("whatsapp", user, "halo kak", language_hint="id", received_at=NIGHT)
    )
    key = ConversationKey("whatsapp", user)
    assert runtime.store is not None
    conversation = await runtime.store.load(key)
    assert conversation is not None and "timezone" not in conversation.slots
    replies = await engine.handle(
        Incoming("whatsapp", user, "bisa klaim jht?", language_hint="id", received_at=NIGHT)
    )
    assert "Negara mana" in text_of(replies)


async def test_typed_other_country_and_an_unknown_place(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    await chat(engine, user, "change my time zone", hint="en")
    other = await chat(engine, user, '/change_language{"timezone":"other"}', hint="en")
    assert "Type the country or city" in text_of(other)
    unknown = await chat(engine, user, "Atlantis", hint="en")
    assert "I don't know that place yet" in text_of(unknown)
    done = await chat(engine, user, "Doha", hint="en")
    assert "Asia/Qatar" in text_of(done)
    assert (await stored(runtime, user)).flow is None


async def test_indonesia_answers_the_question_in_english(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    await chat(engine, user, "change my time zone", hint="en")
    replies = await chat(engine, user, "Indonesia", hint="en")
    assert "Noted" in text_of(replies) and "Asia/Jakarta" in text_of(replies)
    conversation = await stored(runtime, user)
    assert conversation.language == Language.EN
    assert conversation.slots["timezone"] == "Asia/Jakarta"


async def test_an_aside_is_answered_and_the_question_asked_again(engine: DialogueEngine) -> None:
    user = new_user()
    await chat(engine, user, "ganti zona waktu")
    replies = await chat(engine, user, "apa itu jkm?")
    said = text_of(replies)
    assert "PP 44/2015" in said and "Kembali ke pertanyaan tempat Anda bekerja" in said
    stopped = await chat(engine, user, "batal")
    assert "sudah saya hentikan" in text_of(stopped)


async def test_moving_mid_walkthrough_changes_it_and_the_question_comes_back(
    engine: DialogueEngine, runtime: Runtime
) -> None:
    user = new_user()
    await chat(engine, user, '/check_eligibility{"program":"JHT"}', now=DAY)
    moved = await chat(engine, user, "saya pindah ke Hong Kong", now=DAY)
    said = text_of(moved)
    assert "Hong Kong" in said and "Kembali ke pengecekan klaim JHT" in said
    conversation = await stored(runtime, user)
    assert conversation.flow == eligibility.FLOW
    assert conversation.slots["timezone"] == "Asia/Hong_Kong"
    asked = await chat(engine, user, "ganti zona waktu", now=DAY)
    assert "Zona waktu Anda sekarang: 🇭🇰 Hong Kong (Asia/Hong_Kong)" in text_of(asked)
