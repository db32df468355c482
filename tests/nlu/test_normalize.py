"""Normalisation of chat-style Indonesian, Malay and English."""

from __future__ import annotations

import timeit

import pytest

from nlu.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klo JHT sy udh bs diambil gmn kak??", "kalau jht saya sudah bisa diambil bagaimana kak"),
        ("gimana", "bagaimana"),
        ("gmn", "bagaimana"),
        ("sy", "saya"),
        ("yg", "yang"),
        ("ga gak nggak ngga tdk tak", "tidak tidak tidak tidak tidak tidak"),
        ("udh udah sdh dah", "sudah sudah sudah sudah"),
        ("blm belom", "belum belum"),
        ("klo kalo kl", "kalau kalau kalau"),
        ("brp", "berapa"),
        ("bs bisa", "bisa bisa"),
        ("dpt", "dapat"),
        ("kpn", "kapan"),
        ("krn", "karena"),
        ("tp", "tapi"),
        ("jd", "jadi"),
        ("halo min", "halo kak"),
        ("halo kak", "halo kak"),
        ("nak claim", "mau klaim"),
        ("macam mana nak claim", "bagaimana mau klaim"),
        ("camne", "bagaimana"),
        ("duit", "uang"),
        ("halooo", "halo"),
        ("tolongggg", "tolong"),
        ("maaaaf", "maaf"),
        ("goooood morning", "good morning"),
        ("haloo", "halo"),
        ("byee", "bye"),
        ("HALO KAK!!!", "halo kak"),
        ("Résumé café", "resume cafe"),
        ("ＪＨＴ", "jht"),
        ("don't", "do not"),
        ("e-klaim", "eklaim"),
        ("anak2", "anak anak"),
        ("saldo 15.000.000 rupiah", "saldo 15 000 000 rupiah"),
        ("nik 3201234567890001", "nik 3201234567890001"),
        ("😊🙏", ""),
        ("👍", "ok"),
        ("a\x00b\x07c", "a b c"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_true_double_letters_survive() -> None:
    assert normalize("maaf saat good too see") == "maaf saat good too see"


def test_normalize_is_fast() -> None:
    seconds = timeit.timeit(lambda: normalize("Klo JHT sy udh bs diambil gmn kak??"), number=2000)
    assert seconds / 2000 < 200e-6  # generous: about 15 µs on a laptop
