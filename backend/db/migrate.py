"""Run the migrations from code: `await upgrade(url)`, `await downgrade(url, "base")`.

The Alembic configuration is built here (there is no alembic.ini). Each command opens its own
engine, migrates on one connection inside the caller's event loop (library-fit §4: Alembic's
own `asyncio.run` would fail in a running loop) and closes the engine.

On SQLite foreign keys are off while migrating, as batch mode's table copies need (with them
on, dropping the old copy of a parent table would cascade to its children), and checked
afterwards with `PRAGMA foreign_key_check`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import make_engine
from backend.errors import MigrationError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"
"""Dated file names: 2026_11_21_0001_claims_registry_officers_outbox.py."""


def alembic_config() -> Config:
    """Return the Alembic configuration of our migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config


def head() -> str:
    """Return the newest revision of the migrations."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:
        raise MigrationError("there are no migrations")
    return revision


async def upgrade(url: str | URL, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (the newest by default)."""
    await _run(url, "upgrade", revision)


async def downgrade(url: str | URL, revision: str) -> None:
    """Migrate the database at `url` down to `revision` ("base" removes every table)."""
    await _run(url, "downgrade", revision)


async def current(url: str | URL) -> str | None:
    """Return the revision the database at `url` is at (None when never migrated)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


def new_revision(message: str) -> Path:
    """Create an empty, dated migration file after the newest one; return its path.

    Revisions are numbered 0001, 0002, ...: the file names sort in the order they run.
    """
    latest = head()
    number = f"{int(latest) + 1:04d}" if latest.isdigit() else None
    script = command.revision(alembic_config(), message=message, rev_id=number)
    if script is None or isinstance(script, list):
        raise MigrationError("Alembic did not create one revision")
    return Path(script.path)


async def _run(url: str | URL, name: Literal["upgrade", "downgrade"], revision: str) -> None:
    engine = make_engine(url, foreign_keys=False)
    try:
        await migrate_engine(engine, name, revision)
    finally:
        await engine.dispose()


async def migrate_engine(
    engine: AsyncEngine, name: Literal["upgrade", "downgrade"], revision: str
) -> None:
    """Run one migration command on `engine`, in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(_command, name, revision)
        if connection.dialect.name == "sqlite":
            broken = (await connection.execute(text("PRAGMA foreign_key_check"))).all()
            if broken:
                raise MigrationError(f"foreign keys broken by the migration: {broken[:5]}")


def _command(connection: Connection, name: Literal["upgrade", "downgrade"], revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    if name == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)
