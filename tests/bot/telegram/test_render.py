"""Rendering replies for Telegram, and above all cutting text at 4,096 without breaking anything."""

from __future__ import annotations

import base64
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.render import (
    CALLBACK_DATA_MAX,
    CAPTION_LIMIT,
    DocumentMessage,
    PhotoMessage,
    TextMessage,
    callback_data,
    long_payloads,
    render,
)
from bot.telegram.split import TEXT_LIMIT, split_text, utf16_length, visible_length
from dialogues.messages import Button, Reply, data_url

TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")


def visible(piece: str) -> str:
    """The text Telegram shows for an HTML piece."""
    return html.unescape(TAG.sub("", piece))


def balanced(piece: str) -> bool:
    """Whether every tag of the piece is closed, in order."""
    stack: list[str] = []
    for closing, name in TAG.findall(piece):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def words(text: str) -> list[str]:
    """The words between the spaces, line ends and tabs (the only places a cut is wanted)."""
    # A "word" of other whitespace alone (a no-break space) is blank: no message is blank.
    return [word for word in re.split(r"[ \n\t\r]+", text) if word.strip()]


# --- The splitter ----------------------------------------------------------------------------


def test_a_short_text_is_one_piece_and_an_empty_one_none() -> None:
    assert split_text("Halo!") == ["Halo!"]
    assert split_text("x" * TEXT_LIMIT, markup=False) == ["x" * TEXT_LIMIT]
    assert split_text("") == []
    assert split_text(" \n ") == []


def test_4097_characters_make_two_pieces_cut_between_words() -> None:
    text = ("kata " * 1000).strip()  # 4,999 characters
    pieces = split_text(text)
    assert len(pieces) == 2
    assert all(utf16_length(p) <= TEXT_LIMIT for p in pieces)
    assert " ".join(pieces) == text
    assert all(p == p.strip() for p in pieces)


def test_a_blank_line_beats_a_line_end_beats_a_sentence_end_beats_a_space() -> None:
    para = "A" * 30 + ".\n\n" + "B" * 10 + ".\n" + "C" * 5 + ". D" + " E" * 3
    assert split_text(para, 50) == ["A" * 30 + ".", "B" * 10 + ".\n" + "C" * 5 + ". D E E E"]
    line = "A" * 30 + ".\n" + "B" * 10 + ". C D E F G H"
    assert split_text(line, 40) == ["A" * 30 + ".", "B" * 10 + ". C D E F G H"]
    sentence = "A" * 30 + ". " + "B" * 5 + " C D E F"
    assert split_text(sentence, 40) == ["A" * 30 + ".", "B" * 5 + " C D E F"]
    spaces = "A" * 30 + " B C D E F"
    assert split_text(spaces, 35) == ["A" * 30 + " B C", "D E F"]


def test_a_strong_boundary_too_early_gives_way_to_a_later_weaker_one() -> None:
    text = "Intro.\n\n" + "word " * 20
    pieces = split_text(text.strip(), 60)
    assert len(pieces[0]) > 30, "not cut after 'Intro.', which would leave the piece short"
    assert all(utf16_length(p) <= 60 for p in pieces)


def test_a_word_longer_than_a_message_is_cut_where_it_must() -> None:
    url = "https://example.org/" + "a" * 100
    pieces = split_text(f"see {url} now", 40, markup=False)
    assert pieces[0] == "see" and pieces[-1] == "now"
    assert "".join(pieces[1:-1]) == url
    assert all(len(p) <= 40 for p in pieces)


def test_emoji_flags_and_accents_are_never_cut_and_count_as_telegram_counts() -> None:
    assert utf16_length("👍🏽") == 4 and utf16_length("é") == 1
    for cluster in ("👍🏽", "🇮🇩", "👩\u200d👩\u200d👧", "e\u0301", "1\ufe0f\u20e3"):
        pieces = split_text(cluster * 9, 8, markup=False)
        assert "".join(pieces) == cluster * 9
        assert len(pieces) > 1 and all(utf16_length(p) <= 8 for p in pieces)
        assert all(p.startswith(cluster) for p in pieces), cluster


def test_a_cluster_longer_than_a_piece_is_cut_between_its_code_points() -> None:
    joined = "\u200d".join("👩" * 5)  # 5 women joined: 14 UTF-16 units, one cluster
    pieces = split_text(joined, 4, markup=False)
    assert "".join(pieces) == joined
    assert all(utf16_length(p) <= 4 for p in pieces)


def test_entities_are_kept_whole_and_counted_once() -> None:
    text = "&amp;" * 10
    assert visible_length(text) == 10
    pieces = split_text(text, 4)
    assert pieces == ["&amp;" * 4, "&amp;" * 4, "&amp;" * 2]
    assert split_text("a &lt;b&gt; c", 3) == ["a", "&lt;b&gt;", "c"]


def test_tags_open_at_a_cut_are_closed_and_opened_again() -> None:
    text = '<b>one two three</b> and <a href="https://x.id/?a=1&amp;b=2">four five</a> six'
    pieces = split_text(text, 10)
    assert pieces == [
        "<b>one two</b>",
        "<b>three</b> and",
        '<a href="https://x.id/?a=1&amp;b=2">four five</a>',
        "six",
    ]
    assert all(balanced(p) for p in pieces)
    assert " ".join(visible(p) for p in pieces) == visible(text)


def test_no_piece_starts_or_ends_with_an_empty_element() -> None:
    pieces = split_text("aaaa <b>bbbb</b> <i>cccc</i>", 4)
    assert pieces == ["aaaa", "<b>bbbb</b>", "<i>cccc</i>"]


def test_plain_text_is_not_read_as_markup() -> None:
    text = "<b>" + "x" * 10
    assert split_text(text, 5, markup=False) == ["<b>xx", "x" * 5, "xxx"]


def test_the_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        split_text("abc", 0)


TEXT = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
        st.sampled_from([" ", "\n", "\n\n", ". ", "👍🏽", "🇮🇩", "é", "\t"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, limit=st.integers(min_value=4, max_value=80))
def test_plain_pieces_fit_and_lose_nothing_but_whitespace(text: str, limit: int) -> None:
    pieces = split_text(text, limit, markup=False)
    assert all(utf16_length(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    for word in words(text):
        if utf16_length(word) <= limit // 2:
            assert any(word in p for p in pieces), f"{word!r} was cut"


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.tuples(
            st.sampled_from(["", "b", "i", "code"]),
            st.text(st.sampled_from("ab &<>é\n."), min_size=1, max_size=15),
        ),
        max_size=12,
    ),
    limit=st.integers(min_value=6, max_value=50),
)
def test_html_pieces_fit_stay_balanced_and_show_the_same_text(
    parts: list[tuple[str, str]], limit: int
) -> None:
    text = "".join(
        f"<{tag}>{html.escape(s, quote=False)}</{tag}>" if tag else html.escape(s, quote=False)
        for tag, s in parts
    )
    pieces = split_text(text, limit)
    assert all(visible_length(p) <= limit for p in pieces)
    assert all(balanced(p) for p in pieces)
    shown = "".join("".join(visible(p).split()) for p in pieces)
    assert shown == "".join(visible(text).split())
    for piece in pieces:
        assert not re.search(r"&[a-z#0-9]*$", piece.split("<")[0]), "an entity was cut"


# --- Rendering ---------------------------------------------------------------------------------


def test_buttons_become_an_inline_keyboard_one_a_row() -> None:
    reply = Reply("Pilih:", buttons=(Button("JHT", "/program_info"), Button("Menu", "/help")))
    (message,) = render(reply)
    assert isinstance(message, TextMessage)
    assert message.keyboard is not None
    rows = message.keyboard.inline_keyboard
    assert [[(b.text, b.callback_data) for b in row] for row in rows] == [
        [("JHT", "/program_info")],
        [("Menu", "/help")],
    ]


def test_the_text_is_escaped_for_html() -> None:
    (message,) = render(Reply("<b>BRI</b> & co"))
    assert isinstance(message, TextMessage)
    assert message.text == "&lt;b&gt;BRI&lt;/b&gt; &amp; co"


def test_a_long_reply_is_split_with_the_keyboard_on_the_last_piece() -> None:
    reply = Reply(("kalimat panjang. " * 600).strip(), buttons=(Button("Menu", "/help"),))
    messages = render(reply)
    assert len(messages) == 3
    assert all(isinstance(m, TextMessage) for m in messages)
    assert [m.keyboard is not None for m in messages] == [False, False, True]


def test_a_payload_over_64_bytes_travels_by_digest() -> None:
    short = "/help"
    long = '/check_eligibility{"program":"JHT","reason":"total_disability","segment":"PU"}'
    assert callback_data(short) == short
    data = callback_data(long)
    assert data.startswith("#") and len(data.encode()) <= CALLBACK_DATA_MAX
    assert callback_data(long) == data, "the same payload, the same data"
    assert callback_data("#help") != "#help", "a payload that looks like a digest is hashed"
    reply = Reply("?", buttons=(Button("a", short), Button("b", long)))
    assert long_payloads([reply]) == {data: long}


def test_an_image_reply_is_a_photo_with_the_text_as_caption() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    reply = Reply(
        "Kartu Anda", buttons=(Button("Menu", "/help"),), image=data_url("image/png", png)
    )
    (photo,) = render(reply)
    assert isinstance(photo, PhotoMessage)
    assert photo.photo == png and photo.caption == "Kartu Anda" and photo.keyboard is not None


def test_a_text_too_long_for_a_caption_follows_the_photo() -> None:
    reply = Reply("x " * CAPTION_LIMIT, image="https://example.org/card.png")
    photo, *texts = render(reply)
    assert isinstance(photo, PhotoMessage)
    assert photo.photo == "https://example.org/card.png" and photo.caption is None
    assert texts and all(isinstance(t, TextMessage) for t in texts)


def test_a_document_reply_is_a_document() -> None:
    pdf = b"%PDF-1.4 tiny"
    encoded = base64.b64encode(pdf).decode()
    (document,) = render(Reply("", document=f"data:application/pdf;base64,{encoded}"))
    assert isinstance(document, DocumentMessage)
    assert document.document == pdf and document.filename == "document.pdf"


def test_a_broken_data_url_is_refused() -> None:
    with pytest.raises(ValueError, match="base64"):
        render(Reply("x", image="data:image/png;base64,@@@"))
