"""Spot follow-up questions that only switch the program ("kalau JKM?", "what about JP?").

The dialogue engine answers such a message by repeating the previous intent for the
new program. A message is a follow-up when it names at least one program and every
other word is a follow-up or filler word; "apa itu jkm" or "mau klaim jkm" carry an
intent of their own and are not.
"""

from __future__ import annotations

from nlu.entities import EntityExtractor
from nlu.normalize import normalize


# Words as `normalize` writes them (`klo` -> `kalau`, `gmn` -> `bagaimana`, `yg` -> `yang`).
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FOLLOWUP_WORDS = _wordset(
    """
    kalau terus lalu trus nah bagaimana yang dan atau sama dengan untuk buat tentang soal
    kak ya iya dong sih deh nih nya kah juga lagi oh ok oke okay hmm program manfaat pula
    pulak pun pla
    and or what about how with for then so also the a benefit
    """
)
# Words that make a bare program name a question ("kalau" is a cue, so is "?").
_CUES = _wordset(
    """
    kalau terus lalu trus nah bagaimana yang dan sama dengan untuk buat tentang soal pula
    pulak and what about how with for then also
    """
)

_extractor = EntityExtractor()


def is_followup(text: str, extractor: EntityExtractor | None = None) -> bool:
    """Return True when `text` only names program(s) with follow-up words.

    A bare program name ("jkm") is an answer, not a follow-up, unless it ends with a
    question mark ("jkm?").
    """
    if len(text) > 200:
        return False
    programs = [e for e in (extractor or _extractor).extract(text) if e.entity == "program"]
    if not programs:
        return False
    rest, position = [], 0
    for entity in programs:
        rest.append(text[position : entity.start])
        rest.append(" ")
        position = entity.end
    rest.append(text[position:])
    words = normalize("".join(rest)).split()
    if any(word not in _FOLLOWUP_WORDS for word in words):
        return False
    return bool(_CUES.intersection(words)) or text.rstrip().endswith("?")
