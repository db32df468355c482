"""Public references of claims and tickets: a prefix and 8 random Crockford base32 characters.

Crockford's alphabet leaves out I, L, O and U, so a reference read aloud or typed from a
photo survives: `normalize_reference` reads i/l as 1, o as 0 and ignores case, spaces and
dashes. 32^8 (about 10^12) values: a collision is practically impossible, and the unique
constraint catches the rest (the caller draws again).
"""

from __future__ import annotations

import re
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
CLAIM_PREFIX = "CLM"
TICKET_PREFIX = "TKT"
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_reference(prefix: str = CLAIM_PREFIX) -> str:
    """Draw a fresh reference such as `CLM-7K3M9QXA` (cryptographically random)."""
    return f"{prefix}-" + "".join(secrets.choice(CROCKFORD) for _ in range(LENGTH))


def normalize_reference(text: str, prefix: str = CLAIM_PREFIX) -> str | None:
    """Return the reference `text` spells (`clm 7k3m-9qxa` → `CLM-7K3M9QXA`), else None."""
    compact = re.sub(r"[\s\-_.]", "", text).upper()
    if not compact.startswith(prefix):
        return None
    body = compact[len(prefix) :].translate(_LOOKALIKES)
    if len(body) != LENGTH or any(char not in CROCKFORD for char in body):
        return None
    return f"{prefix}-{body}"
