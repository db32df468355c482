"""Read Rasa 3.x NLU YAML (a file or a directory of `*.yml`) into plain examples.

Supported blocks under `nlu:`: `intent` (with `examples: |`), `synonym`; `regex` and
`lookup` blocks are accepted and ignored. Entity annotations are Rasa's:
`[text](entity)`, `[text](entity:value)`, `[text]{"entity": "program", "value": "JHT"}`
and `[text][{"entity": ...}, ...]`. The annotation is stripped from the example and the
entity span points into the plain text.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.types import Entity

# Rasa's own annotation grammar: the bracketed text, then `(entity[:value])`, a JSON
# object or a JSON list of objects.
_ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<name>[^:)]+?)(?::(?P<value>[^)]+))?\)"
    r"|(?P<dict>\{[^}]*\})"
    r"|(?P<list>\[\s*\{.*?\}\s*\]))"
)
_IGNORED_BLOCKS = ("regex", "lookup")


@dataclass(frozen=True, slots=True)
class Example:
    """One training or test message: plain text, its intent, and entity spans in the text."""

    text: str
    intent: str
    entities: tuple[Entity, ...] = ()
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class TrainingData:
    """Every example and the synonym map (lower-cased wording -> entity value)."""

    examples: tuple[Example, ...]
    synonyms: dict[str, str]
    files: tuple[Path, ...] = ()

    @property
    def intents(self) -> list[str]:
        """Return the sorted intent names."""
        return sorted({e.intent for e in self.examples})


def data_files(path: Path) -> list[Path]:
    """Return the YAML files at `path`: the file itself, or a directory's `*.yml` sorted."""
    if path.is_dir():
        return sorted([*path.glob("*.yml"), *path.glob("*.yaml")])
    if path.is_file():
        return [path]
    raise TrainingDataError("no such file or directory", path)


def load_training_data(path: Path | str) -> TrainingData:
    """Load a Rasa YAML file or every `*.yml` of a directory.

    Raises TrainingDataError (naming the file and line) for malformed files.
    """
    files = data_files(Path(path))
    examples: list[Example] = []
    synonyms: dict[str, str] = {}
    for file in files:
        file_examples, file_synonyms = _load_file(file)
        examples.extend(file_examples)
        synonyms.update(file_synonyms)
    # Rasa also treats an annotated value as a synonym of its text.
    for example in examples:
        for entity in example.entities:
            wording = example.text[entity.start : entity.end].lower()
            if wording != entity.value.lower():
                synonyms.setdefault(wording, entity.value)
    return TrainingData(tuple(examples), synonyms, tuple(files))


def parse_annotated(text: str) -> tuple[str, tuple[Entity, ...]]:
    """Strip Rasa entity annotations from one example line.

    Returns the plain text and the entities with spans in that plain text.
    Raises ValueError for an unreadable JSON annotation.
    """
    plain: list[str] = []
    entities: list[Entity] = []
    position = 0  # in the annotated text
    length = 0  # of the plain text so far
    for match in _ANNOTATION.finditer(text):
        before = text[position : match.start()]
        plain.append(before)
        length += len(before)
        surface = match.group("text")
        for name, value in _annotation_entities(match):
            entities.append(
                Entity(name, value if value is not None else surface, length, length + len(surface))
            )
        plain.append(surface)
        length += len(surface)
        position = match.end()
    plain.append(text[position:])
    return "".join(plain), tuple(entities)


def _annotation_entities(match: re.Match[str]) -> list[tuple[str, str | None]]:
    """Return (entity, value) pairs of one annotation; value None means the surface text."""
    if match.group("name") is not None:
        value = match.group("value")
        return [(match.group("name").strip(), value.strip() if value else None)]
    raw = match.group("dict") or match.group("list")
    try:
        decoded = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"unreadable entity annotation {raw!r}: {error.msg}") from None
    items = decoded if isinstance(decoded, list) else [decoded]
    pairs: list[tuple[str, str | None]] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("entity"), str):
            raise ValueError(f'entity annotation {raw!r} has no "entity" name')
        value = item.get("value")
        pairs.append((item["entity"], str(value) if value is not None else None))
    return pairs


def find_conflicts(
    examples: Iterable[Example], key: Callable[[str], str] = str.lower
) -> list[list[Example]]:
    """Return groups of examples whose `key(text)` is equal but whose intents differ.

    Such examples contradict each other: no classifier can get them all right.
    """
    groups: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        groups[key(example.text)].append(example)
    return [group for group in groups.values() if len({e.intent for e in group}) > 1]


def _load_file(path: Path) -> tuple[list[Example], dict[str, str]]:
    """Load one YAML file; every error names the file and the line."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TrainingDataError(f"cannot read file: {error}", path) from None
    try:
        # Composing (not loading) keeps the nodes' line numbers for error messages.
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise TrainingDataError(f"invalid YAML: {error.problem or error}", path, line) from None
    except yaml.YAMLError as error:
        raise TrainingDataError(f"invalid YAML: {error}", path) from None
    if root is None:
        return [], {}
    if not isinstance(root, yaml.MappingNode):
        raise TrainingDataError("the file must be a mapping with an `nlu:` key", path, _line(root))
    top = _mapping(root)
    if "nlu" not in top:
        # Rasa files may hold only stories or rules; they carry no NLU data.
        return [], {}
    blocks = top["nlu"]
    if not isinstance(blocks, yaml.SequenceNode):
        raise TrainingDataError("`nlu:` must be a list of blocks", path, _line(blocks))
    examples: list[Example] = []
    synonyms: dict[str, str] = {}
    for block in blocks.value:
        if not isinstance(block, yaml.MappingNode):
            raise TrainingDataError("an `nlu:` item must be a mapping", path, _line(block))
        keys = _mapping(block)
        if "intent" in keys:
            intent = _scalar(keys["intent"], path, "intent")
            if not intent:
                raise TrainingDataError("empty intent name", path, _line(keys["intent"]))
            for text, line in _example_lines(keys, block, path):
                try:
                    plain, entities = parse_annotated(text)
                except ValueError as error:
                    raise TrainingDataError(str(error), path, line) from None
                if not plain.strip():
                    raise TrainingDataError("empty example", path, line)
                examples.append(Example(plain, intent, entities, str(path), line))
        elif "synonym" in keys:
            value = _scalar(keys["synonym"], path, "synonym")
            for text, _line_no in _example_lines(keys, block, path):
                synonyms[text.lower()] = value
        elif not any(name in keys for name in _IGNORED_BLOCKS):
            raise TrainingDataError(
                "an `nlu:` item needs `intent`, `synonym`, `regex` or `lookup`", path, _line(block)
            )
    return examples, synonyms


def _example_lines(
    keys: dict[str, yaml.Node], block: yaml.Node, path: Path
) -> list[tuple[str, int]]:
    """Return (example text, 1-based line number) for the `examples: |` of a block."""
    node = keys.get("examples")
    if node is None:
        raise TrainingDataError("block has no `examples`", path, _line(block))
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        raise TrainingDataError(
            "`examples` must be a block string (`examples: |`)", path, _line(node)
        )
    # A literal block's content starts on the line after the `|` indicator and keeps
    # every source line, so line numbers can be counted; other styles are approximate.
    first = node.start_mark.line + (2 if node.style == "|" else 1)
    lines: list[tuple[str, int]] = []
    for offset, raw in enumerate(node.value.splitlines()):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.startswith("-"):
            raise TrainingDataError(
                f"an example must start with `- `, got {stripped[:40]!r}", path, first + offset
            )
        text = stripped[1:].strip()
        if not text:
            raise TrainingDataError("empty example", path, first + offset)
        lines.append((text, first + offset))
    return lines


def _mapping(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """Return a mapping node's items keyed by their scalar keys."""
    result: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            result[str(key.value)] = value
    return result


def _scalar(node: yaml.Node, path: Path, what: str) -> str:
    """Return a scalar node's text, or fail naming `what`."""
    if not isinstance(node, yaml.ScalarNode):
        raise TrainingDataError(f"`{what}` must be a plain value", path, _line(node))
    value: Any = node.value
    return str(value).strip()


def _line(node: yaml.Node) -> int:
    """Return the 1-based line on which a node starts."""
    return int(node.start_mark.line) + 1
