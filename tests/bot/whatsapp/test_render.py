"""Replies rendered within WhatsApp's limits: buttons, lists, titles, text, media."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.whatsapp.client import (
    MAX_BODY,
    MAX_BUTTON_TITLE,
    MAX_ROW_DESCRIPTION,
    MAX_ROW_ID,
    MAX_ROW_TITLE,
    MAX_TEXT,
)
from bot.whatsapp.render import cut_tail, decode_data_url, render, shorten, split_text
from dialogues.i18n import Catalogs, use_language
from dialogues.messages import Button, Reply, data_url
from nlu import Language

CATALOGS = Catalogs()


def buttons(count: int, title: str = "Pilihan") -> tuple[Button, ...]:
    return tuple(Button(f"{title} {i}", f'/choice{{"n":{i}}}') for i in range(count))


def test_up_to_three_buttons_are_reply_buttons_under_the_text() -> None:
    (message,) = render(Reply("Pilih satu", buttons(3)))
    assert message.kind == "buttons"
    assert message.text == "Pilih satu"
    assert [c.id for c in message.choices] == [
        '/choice{"n":0}',
        '/choice{"n":1}',
        '/choice{"n":2}',
    ]


def test_more_buttons_are_a_list_and_more_than_ten_are_two_lists() -> None:
    (listed,) = render(Reply("Pilih", buttons(4)))
    assert listed.kind == "list"
    assert len(listed.choices) == 4
    with use_language(CATALOGS, Language.EN):
        first, second = render(Reply("Pilih", buttons(13)))
    assert (first.kind, second.kind) == ("list", "list")
    assert (len(first.choices), len(second.choices)) == (10, 3)
    assert first.text == "Pilih"
    assert second.text == "More choices:"
    assert first.list_button == "Choose"


def test_long_titles_are_shortened_at_a_word_and_kept_whole_in_the_description() -> None:
    long = "Saya sudah mencapai usia pensiun sesuai perjanjian kerja"
    (message,) = render(Reply("Alasan?", (Button(long, "/a"), Button("Tidak", "/b"))))
    title = message.choices[0].title
    assert len(title) <= MAX_BUTTON_TITLE
    assert title == "Saya sudah mencapai…"
    (listed,) = render(Reply("Alasan?", tuple(Button(f"{long} {i}", f"/{i}") for i in range(5))))
    row = listed.choices[0]
    assert len(row.title) <= MAX_ROW_TITLE
    assert row.title.endswith("…")
    assert row.description is not None
    assert len(row.description) <= MAX_ROW_DESCRIPTION
    assert row.description.startswith("Saya sudah mencapai usia pensiun")


def test_titles_that_shorten_alike_stay_distinct() -> None:
    same = "Kontrak kerja waktu tertentu saya berakhir"
    (message,) = render(Reply("?", (Button(same + " A", "/a"), Button(same + " B", "/b"))))
    titles = [choice.title for choice in message.choices]
    assert len(set(titles)) == 2
    assert all(len(title) <= MAX_BUTTON_TITLE for title in titles)


def test_a_payload_too_long_for_an_id_comes_back_as_its_title() -> None:
    payload = '/check_eligibility{"note":"' + "x" * 300 + '"}'
    (message,) = render(
        Reply("?", tuple(Button(f"Pilihan {i}", payload + str(i)) for i in range(5)))
    )
    assert all(len(choice.id) <= MAX_ROW_ID for choice in message.choices)
    assert message.choices[0].id == "Pilihan 0"


def test_a_long_text_is_split_between_words_and_the_buttons_body_fits() -> None:
    words = " ".join(f"kata{i}" for i in range(1500))  # about 12,000 characters
    messages = render(Reply(words, buttons(2)))
    *texts, last = messages
    assert [m.kind for m in texts] == ["text"] * len(texts)
    assert last.kind == "buttons"
    assert last.text is not None
    assert len(last.text) <= MAX_BODY
    assert all(m.text is not None and len(m.text) <= MAX_TEXT for m in texts)
    rebuilt = " ".join(m.text or "" for m in messages).split()
    assert rebuilt == words.split()


def test_an_image_carries_a_short_text_as_its_caption() -> None:
    card = data_url("image/png", b"\x89PNG\r\n\x1a\nfake")
    (image,) = render(Reply("Kartu digital Anda", image=card))
    assert (image.kind, image.text, image.media) == ("image", "Kartu digital Anda", card)
    text, image = render(Reply("x" * 2000, image="https://example.org/card.png"))
    assert (text.kind, image.kind, image.text) == ("text", "image", None)
    assert decode_data_url(card) == ("image/png", b"\x89PNG\r\n\x1a\nfake")
    assert decode_data_url("https://example.org/a.png") is None


def test_a_document_is_sent_with_a_filename() -> None:
    _, document = render(Reply("Formulir", document="https://example.org/files/form.pdf"))
    assert (document.kind, document.filename) == ("document", "form.pdf")


def test_shorten_cuts_at_words_unless_that_loses_too_much() -> None:
    assert shorten("Pendek", 20) == "Pendek"
    assert shorten("Ambil sampai 30% untuk perumahan", 24) == "Ambil sampai 30% untuk…"
    assert shorten("Supercalifragilisticexpialidocious", 10) == "Supercali…"


@given(st.text(alphabet=st.sampled_from("ab \n"), min_size=0, max_size=3000))
def test_split_text_keeps_every_word_within_the_limit(text: str) -> None:
    pieces = split_text(text, 100)
    assert all(0 < len(piece) <= 100 for piece in pieces)
    assert " ".join(pieces).split() == text.split()


@given(st.text(alphabet=st.sampled_from("ab \n"), min_size=0, max_size=3000))
def test_cut_tail_leaves_a_tail_that_fits_and_loses_no_word(text: str) -> None:
    head, tail = cut_tail(text, 100)
    assert len(tail) <= 100
    assert (head + " " + tail).split() == text.split()
