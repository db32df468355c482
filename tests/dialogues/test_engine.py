"""The engine end to end with the real NLU model, catalogs and content."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.wiring import Runtime
from dialogues.content import Content
from dialogues.engine import DialogueEngine, language_from_hint
from dialogues.errors import StoreUnavailable
from dialogues.i18n import Catalogs
from dialogues.memory import InMemoryConversationStore
from dialogues.messages import Reply
from dialogues.ports import ConversationKey
from dialogues.state import Conversation
from dialogues.understanding import MAX_TEXT_LENGTH, clean_text
from nlu import IntentParser, Language, ParseResult
from tests.factories import ManualClock, make_incoming, new_user


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def payloads(replies: list[Reply]) -> list[str]:
    return [b.payload for r in replies for b in r.buttons]


@pytest.fixture
def engine(runtime: Runtime) -> DialogueEngine:
    return runtime.engine


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("en", Language.EN),
        ("en-GB", Language.EN),
        ("id", Language.ID),
        ("ms", Language.ID),
        ("zh-hans", None),
        (None, None),
        ("", None),
    ],
)
def test_language_from_hint(hint: str | None, expected: Language | None) -> None:
    assert language_from_hint(hint) == expected


def test_clean_text_drops_control_characters_and_bounds_length() -> None:
    assert clean_text("  halo\x00\x07 kak\u200b ") == "halo   kak"
    assert len(clean_text("a" * 50_000)) == MAX_TEXT_LENGTH


async def test_greeting_offers_the_main_menu(engine: DialogueEngine) -> None:
    replies = await engine.handle(make_incoming("halo kak", user_id=new_user()))
    assert "Jamsos" in text_of(replies)
    assert "/program_info" in payloads(replies)


async def test_follow_up_reuses_the_last_question(engine: DialogueEngine) -> None:
    user = new_user()
    first = await engine.handle(make_incoming("apa itu jht", user_id=user))
    assert "PP 46/2015" in text_of(first)
    second = await engine.handle(make_incoming("kalau JKM?", user_id=user))
    assert "PP 44/2015" in text_of(second)
    assert "Sumber" in text_of(second)


async def test_follow_up_keeps_a_document_question(engine: DialogueEngine) -> None:
    user = new_user()
    await engine.handle(make_incoming('/document_checklist{"program":"JHT"}', user_id=user))
    replies = await engine.handle(make_incoming("what about JKM?", user_id=user))
    # The checklist goes on for JKM: its question, not the JHT reasons or the program again.
    assert '/document_checklist{"program":"JKM","segment":"yes"}' in payloads(replies)
    assert "/document_checklist" not in payloads(replies)


async def test_language_changes_on_explicit_choice_only_or_confident_text(
    engine: DialogueEngine,
) -> None:
    user = new_user()
    await engine.handle(make_incoming("halo", user_id=user))
    english = await engine.handle(make_incoming("english please", user_id=user))
    assert "English" in text_of(english)
    short = await engine.handle(make_incoming("ok", user_id=user))
    assert "?" in text_of(short)
    assert all(word not in text_of(short) for word in ("Baik", "Apa lagi"))
    key = ConversationKey("rest", user)
    stored = await engine._store.load(key)
    assert stored is not None and stored.language == Language.EN


async def test_program_question_without_program_asks_which(engine: DialogueEngine) -> None:
    user = new_user()
    asked = await engine.handle(make_incoming("/program_info", user_id=user))
    assert payloads(asked) == [
        f'/program_info{{"program":"{p}"}}' for p in ("JKK", "JKM", "JHT", "JP", "JKP")
    ]
    answered = await engine.handle(make_incoming("jkm", user_id=user))
    assert "PP 44/2015" in text_of(answered)


@pytest.mark.parametrize(
    "text", ["/no_such_intent", '/program_info{"program": ', "/program_info[1]"]
)
async def test_unknown_or_broken_payload_gets_a_polite_answer(
    engine: DialogueEngine, text: str
) -> None:
    replies = await engine.handle(make_incoming(text, user_id=new_user()))
    assert replies and replies[0].text
    assert replies[0].buttons


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01", "😀😀😀", "12345", "a" * 10_000, "/affirm"]
)
async def test_odd_messages_get_an_answer(engine: DialogueEngine, text: str) -> None:
    replies = await engine.handle(make_incoming(text, user_id=new_user()))
    assert replies and all(r.text.strip() for r in replies)


class UnreachableStore:
    """A conversation store whose server is down."""

    async def load(self, key: ConversationKey) -> Conversation | None:
        raise StoreUnavailable("connection refused")

    async def save(self, key: ConversationKey, conversation: Conversation) -> None:
        raise StoreUnavailable("connection refused")

    async def delete(self, key: ConversationKey) -> None:
        raise StoreUnavailable("connection refused")


class FailingParser:
    """An NLU service that is down."""

    async def parse(self, text: str) -> ParseResult:
        raise ConnectionError("NLU server down")


async def test_store_outage_still_answers(runtime: Runtime) -> None:
    engine = DialogueEngine(
        parser=runtime.parser, store=UnreachableStore(), catalogs=Catalogs(), content=Content.load()
    )
    replies = await engine.handle(make_incoming("apa itu jkk", user_id=new_user()))
    assert "PP 44/2015" in text_of(replies)


async def test_parser_outage_apologises() -> None:
    parser: IntentParser = FailingParser()
    engine = DialogueEngine(
        parser=parser,
        store=InMemoryConversationStore(),
        catalogs=Catalogs(),
        content=Content.load(),
    )
    replies = await engine.handle(make_incoming("apa itu jkk", user_id=new_user()))
    assert "Maaf" in text_of(replies)


async def test_conversation_expires_after_its_time_to_live(runtime: Runtime) -> None:
    clock = ManualClock()
    store = InMemoryConversationStore(ttl=timedelta(hours=1), clock=clock)
    engine = DialogueEngine(
        parser=runtime.parser, store=store, catalogs=Catalogs(), content=Content.load(), clock=clock
    )
    user = new_user()
    await engine.handle(make_incoming("english please", user_id=user))
    key = ConversationKey("rest", user)
    assert (await store.load(key)) is not None
    clock.advance(timedelta(minutes=61))
    assert await store.load(key) is None


async def test_messages_of_one_user_are_handled_in_order(engine: DialogueEngine) -> None:
    user = new_user()
    await asyncio.gather(
        *(engine.handle(make_incoming("apa itu jht", user_id=user)) for _ in range(20))
    )
    stored = await engine._store.load(ConversationKey("rest", user))
    assert stored is not None and stored.slots["topic"] == {
        "intent": "program_info",
        "program": "JHT",
    }
