"""Officers' passwords and login tokens: salted scrypt hashes, random tokens stored hashed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1
"""scrypt's cost: 16 MiB of memory and about 50 ms a hash."""
_PREFIX = "scrypt"


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of `password`: `scrypt$n$r$p$salt$hash` (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return "$".join([_PREFIX, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """Tell whether `password` matches a hash made by `hash_password` (constant time)."""
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _PREFIX:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def new_password() -> str:
    """Return a fresh random password (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def new_token() -> str:
    """Return a fresh login token to hand to an officer (only its hash is stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Return the SHA-256 (hex) a token is stored and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
