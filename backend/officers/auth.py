"""Officers logging in and out: scrypt-checked passwords, random tokens stored hashed, expiring.

An unknown username, an inactive account and a wrong password take the same time and give the
same answer (None): the password is always checked, against a dummy hash when there is no
account, so the response time says nothing about which usernames exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.officers import Officer, OfficerRole, OfficerToken
from backend.errors import InvalidInput
from backend.security import hash_password, new_token, token_hash, verify_password

USERNAME_MAX = 64
PASSWORD_MAX = 1024
"""Longer passwords are refused before hashing: scrypt over megabytes is a cheap DoS."""
PASSWORD_MIN = 12


@cache
def _dummy_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones.

    Made on first use, not at import: hashing takes a tenth of a second, which every worker
    start and every `jamsos` command would otherwise pay.
    """
    return hash_password("no such officer: a password nobody types")


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A fresh login: the token to hand out (shown once, never stored) and when it expires."""

    token: str
    expires_at: datetime
    officer: Officer

    def __repr__(self) -> str:
        return f"IssuedToken(officer={self.officer.username!r}, expires_at={self.expires_at!r})"


async def login(
    *, session: AsyncSession, username: str, password: str, now: datetime, ttl: timedelta
) -> IssuedToken | None:
    """Check the username and password; on success store a new token and return it.

    None for an unknown user, an inactive account or a wrong password alike. Expired tokens of
    the officer are removed on the way.
    """
    officer = None
    if 0 < len(username) <= USERNAME_MAX:
        officer = await session.scalar(select(Officer).where(Officer.username == username))
    if len(password) > PASSWORD_MAX:
        password = ""
    # Always hash: the same work whether or not the account exists.
    matches = verify_password(password, officer.password_hash if officer else _dummy_hash())
    if officer is None or not officer.active or not matches:
        return None
    await session.execute(
        delete(OfficerToken).where(
            OfficerToken.officer_id == officer.id, OfficerToken.expires_at <= now
        )
    )
    token = new_token()
    expires_at = now + ttl
    session.add(
        OfficerToken(
            officer_id=officer.id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return IssuedToken(token=token, expires_at=expires_at, officer=officer)


async def officer_for_token(*, session: AsyncSession, token: str, now: datetime) -> Officer | None:
    """Return the active officer this unexpired token belongs to, or None.

    The lookup is by the token's SHA-256, an indexed equality: the database compares hashes,
    so nothing about the token itself leaks through timing.
    """
    if not token or len(token) > 256:
        return None
    officer: Officer | None = await session.scalar(
        select(Officer)
        .join(OfficerToken, OfficerToken.officer_id == Officer.id)
        .where(
            OfficerToken.token_hash == token_hash(token),
            OfficerToken.expires_at > now,
            Officer.active.is_(True),
        )
    )
    return officer


async def logout(*, session: AsyncSession, token: str) -> None:
    """Forget a token (logging out twice is harmless)."""
    await session.execute(delete(OfficerToken).where(OfficerToken.token_hash == token_hash(token)))


async def create_officer(
    *, session: AsyncSession, username: str, password: str, role: OfficerRole, now: datetime
) -> Officer:
    """Add an account; the password is kept only as its scrypt hash.

    Raises:
        InvalidInput: the username is empty, too long or taken, or the password too short.
    """
    username = username.strip()
    if not 0 < len(username) <= USERNAME_MAX or not username.isprintable():
        raise InvalidInput("username", f"must be 1 to {USERNAME_MAX} printable characters")
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidInput("password", f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    if await session.scalar(select(Officer.id).where(Officer.username == username)):
        raise InvalidInput("username", "is taken")
    officer = Officer(
        username=username,
        password_hash=hash_password(password),
        role=role,
        active=True,
        created_at=now,
    )
    session.add(officer)
    await session.flush()
    return officer
