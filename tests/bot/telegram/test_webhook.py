"""POST /webhooks/telegram: the secret checked first, each update answered once, every kind."""

from __future__ import annotations

import asyncio

from backend.reachability import SqlReachability
from bot.telegram import CHANNEL
from bot.telegram.webhook import TelegramWebhook
from tests.bot.telegram.conftest import SECRET, Telegram
from tests.bot.telegram.updates import new_user_id, update

NO_TEXT = "I didn't receive any text"
NO_TEXT_ID = "Saya tidak menerima teks"


async def test_a_missing_or_wrong_secret_is_refused_before_the_body_is_read(
    telegram: Telegram,
) -> None:
    good = update("text", user=new_user_id())
    latin = ("ü" + SECRET).encode("latin-1")
    for secret in (None, "", "wrong", SECRET + "x", SECRET[:-1], SECRET.upper(), latin):
        response = await telegram.send(good, secret=secret)
        assert response.status_code == 403, secret
        assert response.json() == {"detail": "forbidden"}
    # Garbage with a wrong secret is refused as such: it is never parsed.
    response = await telegram.http.post(
        "/webhooks/telegram",
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "wrong", "Content-Type": "application/json"},
    )
    assert response.status_code == 403
    assert telegram.fake.sent() == []


async def test_the_right_secret_gets_an_answer_in_the_users_language(telegram: Telegram) -> None:
    user = new_user_id()
    said = await telegram.said(update("text", user=user, text="halo", language="id"))
    assert len(said) == 1 and "Jamsos" in said[0]
    call = telegram.fake.sent()[0]
    assert call.params["chat_id"] == str(user)
    assert call.params["parse_mode"] == "HTML"
    assert call.buttons, "the greeting offers the main menu as inline buttons"
    english = await telegram.said(update("text", user=new_user_id(), text="/start", language="en"))
    assert "Hello" in english[0]


async def test_a_body_that_is_no_update_is_refused_with_the_right_secret(
    telegram: Telegram,
) -> None:
    for body in (b"{not json", b"[1, 2]", b'{"message": {}}'):
        response = await telegram.http.post(
            "/webhooks/telegram",
            content=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        assert response.status_code == 422, body
    assert telegram.fake.sent() == []


async def test_a_redelivered_update_is_answered_once(telegram: Telegram) -> None:
    user = new_user_id()
    first = update("text", user=user, text="apa itu JHT?")
    assert len(await telegram.said(first)) == 1
    assert await telegram.said(first) == []
    # Even when both arrive at once (two processes would share the same key store).
    twin = update("text", user=user, text="apa itu JKK?")
    answers = await asyncio.gather(telegram.send(twin), telegram.send(twin))
    assert [a.status_code for a in answers] == [200, 200]
    assert len(telegram.fake.sent()) == 2


async def test_commands_are_their_intents(telegram: Telegram) -> None:
    user = new_user_id()
    start = await telegram.said(update("command_start", user=user, language="en"))
    assert "Hello" in start[0]
    help_ = await telegram.said(update("text", user=user, text="/help", language="en"))
    assert "I can help you with" in help_[0]
    language = await telegram.said(update("text", user=user, text="/language"))
    assert "Which language would you like?" in language[0]
    assert ("English", '/change_language{"language":"en"}') in telegram.fake.sent()[-1].buttons
    status = await telegram.said(update("text", user=user, text="/status@jamsos_test_bot"))
    assert "KPJ" in "\n".join(status), "claim status needs the chat linked first"
    stop = await telegram.said(update("text", user=user, text="/stop"))
    assert "I've stopped what we were doing" in stop[0], "it leaves the linking it was in"
    unknown = await telegram.said(update("text", user=user, text="/whatever"))
    assert "I can help you with" in unknown[0]


async def test_a_button_press_is_answered_and_sends_its_payload(telegram: Telegram) -> None:
    user = new_user_id()
    said = await telegram.said(update("callback_query", user=user, data="/help", language="en"))
    assert "I can help you with" in said[0]
    answered = telegram.fake.of("answerCallbackQuery")
    assert [call.params["callback_query_id"] for call in answered] == ["4382bfdwdsb323b2d9"]


async def test_a_payload_longer_than_64_bytes_comes_back_by_its_digest(
    telegram: Telegram,
) -> None:
    user = new_user_id()
    await telegram.said(update("text", user=user, text="can I claim JHT?", language="en"))
    for wanted in ("total_disability", '"PU"'):  # to the question whose payloads are long
        buttons = telegram.fake.sent()[-1].buttons
        data = next(d for _, d in buttons if wanted in d)
        await telegram.said(update("callback_query", user=user, data=data, language="en"))
    buttons = telegram.fake.sent()[-1].buttons
    assert all(len(data.encode()) <= 64 for _, data in buttons)
    question = telegram.fake.texts()[-1]
    data = next(d for _, d in buttons if d.startswith("#"))
    said = await telegram.said(update("callback_query", user=user, data=data, language="en"))
    assert said and said[-1] != question and "no longer active" not in said[-1]
    forgotten = await telegram.said(
        update("callback_query", user=user, data="#" + "A" * 43, language="en")
    )
    assert "no longer active" in forgotten[0]


async def test_an_answer_with_an_old_callback_query_still_counts(telegram: Telegram) -> None:
    telegram.fake.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old")
    said = await telegram.said(
        update("callback_query", user=new_user_id(), data="/help", language="en")
    )
    assert "I can help you with" in said[0]


async def test_stickers_voice_notes_and_locations_are_asked_for_text(telegram: Telegram) -> None:
    for name in ("sticker", "voice", "location"):
        said = await telegram.said(update(name, user=new_user_id()))
        assert len(said) == 1 and NO_TEXT_ID in said[0], (name, said)
    english = await telegram.said(update("voice", user=new_user_id(), language="en"))
    assert NO_TEXT in english[0]
    assert telegram.fake.of("getFile") == [], "nothing of theirs is downloaded"


async def test_edits_groups_and_other_updates_are_ignored(telegram: Telegram) -> None:
    for name in ("edited_message", "group_text"):
        response = await telegram.send(update(name, user=new_user_id()))
        assert response.status_code == 200
    response = await telegram.send({"update_id": 904119999, "poll": {"id": "1"}})
    assert response.status_code in {200, 422}
    assert telegram.fake.sent() == []


async def test_blocking_the_bot_marks_the_user_unreachable_until_they_return(
    telegram: Telegram,
) -> None:
    user = new_user_id()
    reachability = SqlReachability(telegram.app.state.sessions)
    assert await telegram.said(update("my_chat_member_kicked", user=user)) == []
    assert await reachability.unreachable(CHANNEL, str(user))
    assert await telegram.said(update("my_chat_member_member", user=user)) == []
    assert not await reachability.unreachable(CHANNEL, str(user))


async def test_a_403_on_answering_marks_the_user_unreachable(telegram: Telegram) -> None:
    user = new_user_id()
    telegram.fake.block_next()
    response = await telegram.send(update("text", user=user, text="halo"))
    assert response.status_code == 200
    reachability = SqlReachability(telegram.app.state.sessions)
    assert await reachability.unreachable(CHANNEL, str(user))


async def test_a_429_is_waited_out_and_the_answer_sent(telegram: Telegram) -> None:
    telegram.fake.rate_limit_next(retry_after=1)
    said = await telegram.said(update("text", user=new_user_id(), text="halo"))
    assert len(said) == 2 and said[0] == said[1], "refused once (429), then taken"
    first, second = telegram.fake.of("sendMessage")
    assert second.at - first.at >= 1.0, "retried only after retry_after"


async def test_without_a_configured_secret_every_request_is_refused(telegram: Telegram) -> None:
    unguarded = TelegramWebhook(telegram.app.state.telegram.application, None)
    assert not unguarded.accepts(None)
    assert not unguarded.accepts("")
    assert not unguarded.accepts(SECRET)
    assert telegram.app.state.telegram.accepts(SECRET)
