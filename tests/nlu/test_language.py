"""Language identification and explicit language requests."""

from __future__ import annotations

import pytest

from nlu.language import detect_language, requested_language
from nlu.types import Language

ID, EN = Language.ID, Language.EN


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Indonesian, formal.
        ("Bagaimana cara mencairkan Jaminan Hari Tua saya?", ID),
        ("Dokumen apa saja yang diperlukan untuk mendaftar?", ID),
        ("Apakah saya masih tercatat sebagai peserta aktif?", ID),
        # Indonesian, chat style.
        ("klo jht sy udh bs diambil gmn kak", ID),
        ("min kartu digital sy dmn ya", ID),
        ("gaji saya belum dibayar", ID),
        # Malay counts as Indonesian.
        ("macam mana nak claim duit jht saya", ID),
        ("boleh ke saya ambil pencen sekarang", ID),
        ("saye kerja kat johor, nak daftar bpjs", ID),
        # English.
        ("How do I claim my old age savings?", EN),
        ("what documents do I need for the JKK claim", EN),
        ("is my membership still active", EN),
        ("where is your office in Taipei", EN),
    ],
)
def test_detects_the_language_confidently(text: str, language: Language) -> None:
    guess = detect_language(text)
    assert guess.language is language
    assert guess.confident


@pytest.mark.parametrize(
    "text", ["ok", "jht", "CLM-4K7Q2M9T", "terima kasih", "hi", "", "👍", "123"]
)
def test_short_messages_are_not_confident(text: str) -> None:
    assert not detect_language(text).confident


@pytest.mark.parametrize("text", ["saya mau claim JHT please", "my jht balance berapa ya"])
def test_evenly_mixed_messages_are_not_confident(text: str) -> None:
    assert not detect_language(text).confident


def test_mostly_indonesian_mixed_message_is_indonesian() -> None:
    assert detect_language("kak saya mau tanya, claim jht saya sudah diproses belum").language is ID


def test_unknown_words_default_to_indonesian() -> None:
    assert detect_language("xyzzy qwerty").language is ID


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("english please", EN),
        ("pakai bahasa inggris", EN),
        ("in english", EN),
        ("English", EN),
        ("can you speak english?", EN),
        ("bisa pakai bhs inggris ga", EN),
        ("ENG PLS", EN),
        ("eng", EN),
        ("indonesia", ID),
        ("bahasa indonesia aja", ID),
        ("indo aja", ID),
        ("bhs indo dong", ID),
        ("bahasa indonesia please", ID),
        ("in indonesian please", ID),
        ("bahasa melayu boleh", ID),
        ("saya tidak paham bahasa inggris", ID),
        ("I don't understand indonesian", EN),
    ],
)
def test_requested_language(text: str, language: Language) -> None:
    assert requested_language(text) is language


@pytest.mark.parametrize(
    "text",
    [
        "mau klaim jht",
        "saya kerja di malaysia",
        "I live in Indonesia",
        "pulang ke indo bulan depan",
        "english or indonesian?",
        "malaysia",  # a country; "bahasa malaysia" is a language
        "",
    ],
)
def test_no_language_requested(text: str) -> None:
    assert requested_language(text) is None
