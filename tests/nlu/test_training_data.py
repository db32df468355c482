"""Reading Rasa YAML training data, and its error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.errors import NluError, TrainingDataError
from nlu.training_data import find_conflicts, load_training_data, parse_annotated
from nlu.types import Entity

GOOD = """\
version: "3.1"
nlu:
- intent: file_claim
  examples: |
    - mau klaim [jht]{"entity": "program", "value": "JHT"} dong
    - klaim [JKM](program) ya
    - status [CLM-4K7Q2M9T](claim_id)
- intent: greet
  examples: |
    - halo

    - hi
- synonym: JHT
  examples: |
    - Jaminan Hari Tua
    - old age savings
- regex: kpj
  examples: |
    - \\d{11}
"""


def write(tmp_path: Path, text: str, name: str = "nlu.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_examples_entities_and_synonyms(tmp_path: Path) -> None:
    data = load_training_data(write(tmp_path, GOOD))
    texts = [(e.text, e.intent) for e in data.examples]
    assert texts == [
        ("mau klaim jht dong", "file_claim"),
        ("klaim JKM ya", "file_claim"),
        ("status CLM-4K7Q2M9T", "file_claim"),
        ("halo", "greet"),
        ("hi", "greet"),
    ]
    first = data.examples[0]
    assert first.entities == (Entity("program", "JHT", 10, 13),)
    assert first.text[10:13] == "jht"
    assert data.examples[1].entities == (Entity("program", "JKM", 6, 9),)
    assert data.synonyms == {"jaminan hari tua": "JHT", "old age savings": "JHT"}
    assert data.intents == ["file_claim", "greet"]


def test_line_numbers_point_at_the_example(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    lines = path.read_text().splitlines()
    for example in load_training_data(path).examples:
        assert example.text.split()[0] in lines[example.line - 1]
        assert example.path == str(path)


def test_loads_a_directory(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yml")
    write(
        tmp_path, 'version: "3.1"\nnlu:\n- intent: thanks\n  examples: |\n    - makasih\n', "b.yml"
    )
    write(tmp_path, "not: yaml: at all", "ignored.txt")
    data = load_training_data(tmp_path)
    assert [e.intent for e in data.examples][-1] == "thanks"
    assert [p.name for p in data.files] == ["a.yml", "b.yml"]


def test_annotation_forms() -> None:
    assert parse_annotated('[a b](x) and [c]{"entity": "y", "value": "C"}') == (
        "a b and c",
        (Entity("x", "a b", 0, 3), Entity("y", "C", 8, 9)),
    )
    assert parse_annotated("[jp](program:JP)") == ("jp", (Entity("program", "JP", 0, 2),))
    assert parse_annotated("no [brackets] here") == ("no [brackets] here", ())


def test_files_without_nlu_are_empty(tmp_path: Path) -> None:
    data = load_training_data(write(tmp_path, 'version: "3.1"\nstories: []\n'))
    assert data.examples == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n   bad: [\n', 6, "YAML"),
        ("nlu:\n- intent: greet\n  examples: |\n    - hi\n    oops no dash\n", 5, "start with"),
        (
            'nlu:\n- intent: greet\n  examples: |\n    - hi\n    - [x]{"entity": }\n',
            5,
            "annotation",
        ),
        ("nlu:\n- intent: greet\n  examples: |\n    - hi\n    -\n", 5, "empty example"),
        ("nlu:\n- intent: greet\n", 2, "no `examples`"),
        ("nlu:\n- intent: greet\n  examples:\n  - hi\n", 4, "block string"),
        ("nlu:\n- something: else\n  examples: |\n    - hi\n", 2, "needs `intent`"),
        ("nlu:\n  intent: greet\n", 2, "list of blocks"),
        ("- just\n- a list\n", 1, "mapping"),
    ],
)
def test_malformed_files_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TrainingDataError) as caught:
        load_training_data(path)
    error = caught.value
    assert error.path == path
    assert error.line == line
    assert message in str(error)
    assert str(error).startswith(f"{path}:{line}: ")
    assert isinstance(error, NluError)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="no such file"):
        load_training_data(tmp_path / "missing")


def test_find_conflicts() -> None:
    from nlu.training_data import Example

    examples = [Example("Halo", "greet"), Example("halo", "goodbye"), Example("hi", "greet")]
    assert [[e.intent for e in g] for g in find_conflicts(examples)] == [["greet", "goodbye"]]
