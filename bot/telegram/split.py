"""Text cut into pieces Telegram accepts (`split_text`), measured as Telegram counts it.

Telegram counts a message's length (4,096) and a caption's (1,024) after parsing its markup,
in UTF-16 code units (an emoji outside the BMP counts 2). `split_text` cuts at the best
boundary that fits (a blank line, a line end, a sentence end, a space), never inside a word
(unless one word alone is longer than a message), an HTML tag, an entity (`&amp;`) or a
character cluster (an emoji with its modifiers, a flag, a letter with its accents); tags
open at the cut are closed at its end and opened again at the start of the next piece.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

TEXT_LIMIT = 4096

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SENTENCE_END = frozenset(".!?…:;")
_ZWJ = "\u200d"

Kind = Literal["text", "open", "close"]


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str
    kind: Kind = "text"
    size: int = 0
    name: str = ""
    space: str = ""
    """For a whitespace character: the character (a break candidate)."""


def utf16_length(text: str) -> int:
    """Return the length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(text: str) -> int:
    """Return the length of HTML text after its tags and entities are parsed."""
    return sum(token.size for token in _tokens(text, markup=True))


def split_text(text: str, limit: int = TEXT_LIMIT, *, markup: bool = True) -> list[str]:
    """Cut `text` into pieces of at most `limit` (as Telegram counts) at the best boundaries.

    With `markup`, `text` is Telegram HTML: tags and entities are kept whole and tags open
    at a cut are closed and opened again. Whitespace at a cut is dropped; nothing else is.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if utf16_length(text) <= limit:
        # Tags and entities only shrink when parsed: the raw length bounds the visible one.
        return [text] if text.strip() else []
    tokens = [
        part
        for token in _tokens(text, markup=markup)
        # A cluster longer than a whole piece (dozens of joined emoji) is cut between its
        # code points: better a broken cluster than a message Telegram refuses.
        for part in (_code_points(token) if token.size > limit else [token])
    ]
    pieces: list[str] = []
    while tokens:
        end, size = 0, 0
        while end < len(tokens) and size + tokens[end].size <= limit:
            size += tokens[end].size
            end += 1
        cut = end if end == len(tokens) else _best_cut(tokens, end, limit)
        head, rest = tokens[:cut], tokens[cut:]
        # Tags opened just before the cut belong to the next piece.
        while head and head[-1].kind == "open":
            rest.insert(0, head.pop())
        if not any(t.size for t in head):
            # Nothing visible fits before a cut: take one cluster however long (a guard).
            head, rest = tokens[: max(end, 1)], tokens[max(end, 1) :]
        open_tags = _still_open(head)
        closers = [_Token(f"</{tag.name}>", "close", 0, tag.name) for tag in reversed(open_tags)]
        piece = "".join(t.raw for t in _without_empty_elements([*_strip(head), *closers]))
        if _has_text(piece, markup):
            pieces.append(piece)
        rest = _lstrip(rest)
        tokens = [*open_tags, *rest] if any(t.size for t in rest) else []
    return pieces


def _has_text(piece: str, markup: bool) -> bool:
    return any(t.size for t in _tokens(piece, markup=markup) if t.raw.strip())


def _best_cut(tokens: list[_Token], end: int, limit: int) -> int:
    """Return where to cut before `tokens[end]` (which no longer fits): a whitespace index."""
    sizes = [0]
    for token in tokens[:end]:
        sizes.append(sizes[-1] + token.size)
    candidates: dict[int, int] = {}
    for index in range(1, end + 1):
        space = tokens[index].space
        if not space:
            continue
        before = tokens[index - 1]
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if space == "\n" and (before.space == "\n" or (after is not None and after.space == "\n")):
            strength = 4
        elif space == "\n":
            strength = 3
        elif before.raw and before.raw[-1] in _SENTENCE_END:
            strength = 2
        else:
            strength = 1
        candidates[index] = strength
    # The strongest boundary wins unless it leaves the piece less than half full.
    for strength in (4, 3, 2, 1):
        found = [index for index, s in candidates.items() if s == strength]
        if found and sizes[max(found)] >= limit // 2:
            return max(found)
    return max(candidates) if candidates else end


def _strip(tokens: list[_Token]) -> list[_Token]:
    """Drop whitespace at the end (tags after it are kept)."""
    kept = list(tokens)
    index = len(kept) - 1
    while index >= 0:
        if kept[index].space:
            del kept[index]
        elif kept[index].size:
            break
        index -= 1
    return kept


def _without_empty_elements(tokens: list[_Token]) -> list[_Token]:
    """Drop elements with nothing visible inside (`<b></b>` left by a cut)."""
    kept: list[_Token] = []
    for token in tokens:
        if token.kind == "close":
            opened = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].kind == "open"), None)
            if (
                opened is not None
                and kept[opened].name == token.name
                and not any(t.size for t in kept[opened + 1 :])
            ):
                del kept[opened:]
                continue
        kept.append(token)
    return kept


def _lstrip(tokens: list[_Token]) -> list[_Token]:
    index = 0
    while index < len(tokens) and tokens[index].space:
        index += 1
    return tokens[index:]


def _still_open(tokens: list[_Token]) -> list[_Token]:
    """Return the opening tags not closed by the end of `tokens`, outermost first."""
    stack: list[_Token] = []
    for token in tokens:
        if token.kind == "open":
            stack.append(token)
        elif token.kind == "close":
            for position in range(len(stack) - 1, -1, -1):
                if stack[position].name == token.name:
                    del stack[position]
                    break
    return stack


def _tokens(text: str, *, markup: bool) -> list[_Token]:
    """Return the text as tags, entities and character clusters."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if markup and text[position] == "<" and (tag := _TAG.match(text, position)):
            kind: Kind = "close" if tag[1] else "open"
            tokens.append(_Token(tag[0], kind, 0, tag[2].lower()))
            position = tag.end()
            continue
        if markup and text[position] == "&" and (entity := _ENTITY.match(text, position)):
            shown = html.unescape(entity[0])
            tokens.append(_Token(entity[0], "text", utf16_length(shown)))
            position = entity.end()
            continue
        end = _cluster_end(text, position)
        cluster = text[position:end]
        space = cluster if cluster in {" ", "\n", "\t", "\r"} else ""
        tokens.append(_Token(cluster, "text", utf16_length(cluster), space=space))
        position = end
    return tokens


def _code_points(token: _Token) -> list[_Token]:
    return [_Token(char, "text", utf16_length(char)) for char in token.raw]


def _cluster_end(text: str, start: int) -> int:
    """Return where the character cluster starting at `start` ends (an approximation of
    Unicode's extended grapheme clusters, enough to keep emoji, flags and accents whole)."""
    end = start + 1
    if _regional(text[start]) and end < len(text) and _regional(text[end]):
        return end + 1
    while end < len(text):
        char = text[end]
        if char == _ZWJ and end + 1 < len(text):
            end += 2
        elif _extends(char):
            end += 1
        else:
            break
    return end


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _extends(char: str) -> bool:
    return (
        unicodedata.category(char) in {"Mn", "Me", "Mc"}
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0020" <= char <= "\U000e007f"
        or char == _ZWJ
        or char == "\u20e3"
    )
