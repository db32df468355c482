"""What the classifier sees: classifier text, analyzers, concepts, spelling correction."""

from __future__ import annotations

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.concepts import concept_of, concept_text
from nlu.entities import extract_entities
from nlu.features import (
    QUESTION_MARK,
    Analyzer,
    char_wb_ngrams,
    classifier_text,
    features_version,
    strip_greeting,
)
from nlu.spelling import SpellingCorrector


def seen(text: str) -> str:
    return classifier_text(text, extract_entities(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klaim Jaminan Hari Tua sy gmn", "klaim jht saya bagaimana"),
        ("status CLM-4K7Q2M9T", "status nomorklaim"),
        ("nik 3201014107950003 kpj 22017654321", "nik nomornik kpj nomorkpj"),
        ("apa itu jkm?", f"apa itu jkm {QUESTION_MARK}"),
        ("Apa tujuan program jaminan hari tua", "apa tujuan jht"),
        ("the JP program", "the jp"),
        ("program apa saja", "program apa saja"),
        ("", ""),
    ],
)
def test_classifier_text(text: str, expected: str) -> None:
    assert seen(text) == expected


def test_classifier_text_reads_only_the_beginning() -> None:
    assert seen("halo " * 1000).count("halo") == 100  # 500 characters


@pytest.mark.parametrize("text", ["halo kak", "jamsos itu apa", "a b", "selamat pagi kakak semua"])
def test_char_wb_ngrams_match_scikit_learn(text: str) -> None:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))
    assert char_wb_ngrams(text, 2, 5) == vectorizer.build_analyzer()(text)


def test_concept_features_carry_length_and_ends() -> None:
    features = Analyzer("concept", 1, 1)("berapa saldo jht saya")
    assert "saldo" in features
    assert "<words:3-4>" in features
    assert "<first:berapa>" in features
    assert "<last:saya>" in features


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("balance", "saldo"),
        ("baki", "saldo"),
        ("saldo", "saldo"),
        ("pencairan", "klaim"),
        ("mencairkan", "klaim"),
        ("pendaftarannya", "daftar"),
        ("menonaktifkan", "berhenti"),
        ("membayar", "bayar"),
        ("pernah", "pernah"),  # not `per-` + `nah`
        ("xyzzy", "xyzzy"),
    ],
)
def test_concepts(word: str, concept: str) -> None:
    assert concept_of(word) == concept


def test_concept_phrases() -> None:
    assert concept_text("terima kasih kak") == "terima_kasih kak"


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("halo kak apa itu jkp", "apa itu jkp"),
        ("selamat pagi kak saya mau klaim jht", "saya mau klaim jht"),
        ("hi how do i pay", "how do i pay"),
        ("halo kak", None),
        ("halo kak semua", None),
        ("apa itu jkp", None),
        ("halo kak " + QUESTION_MARK, None),
    ],
)
def test_strip_greeting(text: str, rest: str | None) -> None:
    assert strip_greeting(text) == rest


def test_spelling_correction() -> None:
    corrector = SpellingCorrector({"daftar": 5, "iuran": 9, "klaim": 20, "magang": 4, "human": 3})
    assert corrector.correct("dftr kliam iuaran klaimm") == "daftar klaim iuran klaim"
    # Substitutions make real words of real words: not corrected.
    assert corrector.correct("malang hujan") == "malang hujan"
    assert corrector.correct("12345 daftar") == "12345 daftar"


def test_features_version_is_stable() -> None:
    assert features_version() == features_version()
    assert len(features_version()) == 16
