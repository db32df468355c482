"""Babel extractor for the answer content files (`dialogues/content/*.yml`).

Every translatable string in a content file sits under one of the keys in `TRANSLATABLE_KEYS`;
the extractor yields it with its YAML path as a comment for translators. It is registered in
`locales/babel.cfg` under its dotted name (Babel splits `module:function` on the colon).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

TRANSLATABLE_KEYS = frozenset({"text", "source", "caution", "title", "prompt"})


def _walk(node: yaml.Node, path: str) -> Iterator[tuple[int, str, str]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}/{key}" if path else key
            if key in TRANSLATABLE_KEYS and isinstance(value_node, yaml.ScalarNode):
                yield value_node.start_mark.line + 1, str(value_node.value), child
            else:
                yield from _walk(value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}/{index}")


def extract_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield `(line, funcname, message, comments)` for each translatable string of a file."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, text, path in _walk(root, ""):
        yield line, "gettext", text, [path]
