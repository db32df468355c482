"""Engines and sessions: one engine per process, one session per request or unit of work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "sqlite": "sqlite+aiosqlite",
}
"""The async driver used for a URL that names none (`postgresql://...`, `sqlite:///...`)."""


POOL_SIZE = 20
"""Connections a PostgreSQL engine keeps open (each process: mind max_connections)."""
POOL_OVERFLOW = 20
"""Connections it may open beyond those at a peak, closed once returned."""


def database_url(url: str | URL) -> URL:
    """Return `url` with its async driver: psycopg for PostgreSQL, aiosqlite for SQLite."""
    parsed = make_url(url) if isinstance(url, str) else url
    driver = _DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def make_engine(url: str | URL, *, foreign_keys: bool = True, **options: Any) -> AsyncEngine:
    """Create the async engine for `url` (creating the folder of a SQLite file).

    Statement parameters are never logged nor put into error messages (`hide_parameters`):
    they hold NIK, KPJ and bank account numbers. On SQLite, foreign keys are enforced (unless
    `foreign_keys` is false: the migrations turn them off, as batch mode's table copies need)
    and SQLAlchemy emits BEGIN itself, so savepoints and transactional DDL work as on
    PostgreSQL.
    """
    parsed = database_url(url)
    options.setdefault("hide_parameters", True)
    if parsed.get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)
        if "poolclass" not in options:
            # SQLAlchemy's 5 kept connections are too few for a server answering dozens of
            # messages at once: the rest were opened and closed around every query.
            options.setdefault("pool_size", POOL_SIZE)
            options.setdefault("max_overflow", POOL_OVERFLOW)
        return create_async_engine(parsed, **options)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, **options)
    _make_sqlite_behave(engine, foreign_keys=foreign_keys)
    return engine


def _make_sqlite_behave(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    # The recipe of SQLAlchemy's SQLite dialect notes ("Serializable isolation / Savepoints /
    # Transactional DDL"): the driver's own deferred BEGIN breaks SAVEPOINT, so turn it off
    # and emit BEGIN when SQLAlchemy starts a transaction. IMMEDIATE, not deferred: two
    # deferred transactions that both read and then write deadlock on the lock upgrade, and
    # SQLite answers one "database is locked" at once, without waiting (sqlite3_busy_handler).
    # Taking the write lock at BEGIN makes the second wait its turn (the driver's 5 s).
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the session factory: objects stay readable after commit (no lazy reloads)."""
    return async_sessionmaker(engine, expire_on_commit=False)
