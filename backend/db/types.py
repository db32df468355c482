"""Column types that behave the same on PostgreSQL and SQLite (library-fit §4).

- `UTCDateTime`: a time zone-aware moment, stored in UTC. SQLite would silently drop the
  offset of a plain `DateTime(timezone=True)`, and asyncpg/psycopg refuse naive values in a
  `timestamptz`; this type refuses naive datetimes on both and always returns UTC.
- `PortableJSON`: JSONB on PostgreSQL, JSON (text) on SQLite. Reassign the whole value to
  change it: in-place mutation of a loaded dict is not tracked.
- `BigIntegerPK`: BIGINT primary keys, INTEGER on SQLite (only `INTEGER PRIMARY KEY`
  autoincrements there).
- `str_enum(...)`: a `StrEnum` stored by its value in a VARCHAR, never a native enum type, so a
  new member needs no migration (Alembic does not notice new native enum values anyway).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Enum, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

ENUM_LENGTH = 32
"""Width of every enum column: long enough for any member value we use."""


class UTCDateTime(TypeDecorator[datetime]):
    """A time zone-aware datetime stored in UTC; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; refuse a naive datetime (its time zone would be a guess)."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UTCDateTime needs a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: attach a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return the moment in UTC, whatever the driver handed back."""
        if value is None:
            return None
        if value.tzinfo is None:
            # SQLite keeps no offset: what we stored there is already UTC.
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


PortableJSON = JSON().with_variant(JSONB(), "postgresql")
"""JSON on every database, JSONB on PostgreSQL."""

BigIntegerPK = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit primary key that still autoincrements on SQLite."""


def str_enum(enum: type[StrEnum], *, name: str | None = None) -> Enum:
    """Return a column type storing `enum`'s member values ('active'), not names ('ACTIVE').

    Stored as VARCHAR(32) on every database, with no CHECK constraint: the set of values
    lives in the code, so adding a member needs no migration.
    """
    return Enum(
        enum,
        name=name or enum.__name__.lower(),
        native_enum=False,
        create_constraint=False,
        length=ENUM_LENGTH,
        values_callable=_values,
        validate_strings=True,
    )


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def utc_now() -> datetime:
    """Return the current moment in UTC: the default of every timestamp column."""
    return datetime.now(UTC)


def json_ready(value: Any) -> Any:
    """Return `value` with dates and enums turned into strings, ready for a JSON column."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
