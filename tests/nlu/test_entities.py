"""Entity extraction: programs, claim ids, NIK and KPJ numbers."""

from __future__ import annotations

import pytest

from nlu.entities import EntityExtractor, extract_entities
from nlu.types import Entity


def found(text: str, name: str | None = None) -> list[tuple[str, str, str]]:
    """Return (entity, value, text of the span) for every entity (of `name`) in `text`."""
    return [
        (e.entity, e.value, text[e.start : e.end])
        for e in extract_entities(text)
        if name is None or e.entity == name
    ]


@pytest.mark.parametrize(
    ("wording", "code"),
    [
        ("JHT", "JHT"),
        ("jht", "JHT"),
        ("jaminan hari tua", "JHT"),
        ("Jaminan Hari Tua", "JHT"),
        ("hari tua", "JHT"),
        ("old age savings", "JHT"),
        ("old-age savings", "JHT"),
        ("old age benefit", "JHT"),
        ("jth", "JHT"),
        ("JKK", "JKK"),
        ("jaminan kecelakaan kerja", "JKK"),
        ("kecelakaan kerja", "JKK"),
        ("kemalangan kerja", "JKK"),
        ("work accident", "JKK"),
        ("employment injury", "JKK"),
        ("accident insurance", "JKK"),
        ("JKM", "JKM"),
        ("jaminan kematian", "JKM"),
        ("santunan kematian", "JKM"),
        ("death benefit", "JKM"),
        ("JP", "JP"),
        ("jaminan pensiun", "JP"),
        ("pensiun", "JP"),
        ("pension", "JP"),
        ("pencen", "JP"),
        ("JKP", "JKP"),
        ("jaminan kehilangan pekerjaan", "JKP"),
        ("kehilangan pekerjaan", "JKP"),
        ("job loss", "JKP"),
        ("job loss benefit", "JKP"),
        ("unemployment benefit", "JKP"),
        ("tunjangan phk", "JKP"),
    ],
)
def test_every_program_wording(wording: str, code: str) -> None:
    text = f"mau tanya {wording} dong"
    assert found(text) == [("program", code, wording)]


@pytest.mark.parametrize(
    ("text", "code", "span"),
    [
        ("jaminan kecelakan kerja", "JKK", "jaminan kecelakan kerja"),  # a letter missing
        ("santuan kematian", "JKM", "santuan kematian"),
        ("jaminan pensium", "JP", "jaminan pensium"),
        ("work acident", "JKK", "work acident"),
        ("jaminan kehilangan pekrjaan", "JKP", "jaminan kehilangan pekrjaan"),
        ("jaminan hari tau", "JHT", "jaminan hari tau"),  # two letters swapped
    ],
)
def test_long_wordings_tolerate_one_typo(text: str, code: str, span: str) -> None:
    assert found(f"klaim {text} gmn") == [("program", code, span)]


def test_short_codes_need_an_exact_match() -> None:
    assert found("jkx jhk jpp") == []


def test_code_with_chat_suffix() -> None:
    assert found("jhtnya kapan cair, JKP-nya juga") == [
        ("program", "JHT", "jht"),
        ("program", "JKP", "JKP"),
    ]


def test_longest_wording_wins() -> None:
    assert found("klaim jaminan hari tua") == [("program", "JHT", "jaminan hari tua")]


def test_words_inside_other_words_do_not_match() -> None:
    assert found("jpeg jhtx ajkm jump") == []


def test_document_names_are_not_programs() -> None:
    assert found("akta kematian", "program") == []


def test_spans_point_into_the_original_text() -> None:
    text = "Halo Kak 😊, klaim  JAMINAN   Hari Tua sy & JKP?"
    for entity in extract_entities(text):
        assert text[entity.start : entity.end].lower().split() in (
            ["jaminan", "hari", "tua"],
            ["jkp"],
        )
    assert [e.value for e in extract_entities(text)] == ["JHT", "JKP"]


def test_spans_survive_accented_and_wide_characters() -> None:
    text = "Café İstanbul ＪＨＴ jht"
    values = [(e.value, text[e.start : e.end]) for e in extract_entities(text)]
    assert ("JHT", "jht") in values


def test_synonyms_from_training_data_are_used() -> None:
    extractor = EntityExtractor({"tabungan masa tua": "JHT", "not a program": "XYZ"})
    assert [(e.value, e.start) for e in extractor.extract("tabungan masa tua sy")] == [("JHT", 0)]
    assert extractor.extract("not a program") == ()


@pytest.mark.parametrize(
    "written",
    [
        "CLM-4K7Q2M9T",
        "clm-4k7q2m9t",
        "CLM 4K7Q2M9T",
        "clm4k7q2m9t",
        "Clm_4K7Q2M9T",
        "CLM - 4K7Q2M9T",
    ],
)
def test_claim_id_variants(written: str) -> None:
    text = f"status {written} gmn?"
    assert found(text) == [("claim_id", "CLM-4K7Q2M9T", written)]


@pytest.mark.parametrize(
    "text",
    [
        "CLM-4K7Q2M9",  # 7 characters
        "CLM-4K7Q2M9TX",  # 9 characters
        "CLM-4K7Q2MIT",  # I is not Crockford base32
        "CLM-4K7Q2MUT",  # nor is U
        "XCLM-4K7Q2M9T",
        "CLM-LOCATION",
    ],
)
def test_not_claim_ids(text: str) -> None:
    assert found(text, "claim_id") == []


def test_nik_and_kpj() -> None:
    text = "NIK 3201014107950003, KPJ 22017654321"
    assert found(text) == [
        ("nik", "3201014107950003", "3201014107950003"),
        ("kpj", "22017654321", "22017654321"),
    ]


@pytest.mark.parametrize("digits", [10, 12, 15, 17, 20])
def test_other_lengths_are_neither(digits: int) -> None:
    assert found("nomor " + "1" * digits) == []


def test_no_kpj_inside_a_nik() -> None:
    assert found("3201014107950003", "kpj") == []
    assert found("3201014107950003", "nik") == [("nik", "3201014107950003", "3201014107950003")]


def test_entities_are_ordered_and_typed() -> None:
    text = "klaim JKM CLM-4K7Q2M9T nik 3201014107950003"
    entities = extract_entities(text)
    assert [e.entity for e in entities] == ["program", "claim_id", "nik"]
    assert all(isinstance(e, Entity) for e in entities)
    assert [e.start for e in entities] == sorted(e.start for e in entities)


@pytest.mark.parametrize("text", ["", " ", "😊", "\x00\x01", "?" * 50])
def test_nothing_found_in_empty_or_noise(text: str) -> None:
    assert extract_entities(text) == ()


def test_long_input() -> None:
    text = "halo kak " * 1200 + " jht"
    assert [e.value for e in extract_entities(text)] == ["JHT"]
