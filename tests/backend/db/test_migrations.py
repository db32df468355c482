"""The migrations go up, down and up again on both databases, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from backend.db import Base, make_engine, migrate
from backend.reminders import queue_schema


async def _tables(url: URL) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    # The job queue's own tables (PostgreSQL only) are procrastinate's, not our models.
    return {n for n in names if not n.startswith(queue_schema.PREFIX)} - {"alembic_version"}


async def _differences(url: URL) -> list[object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()
    return [d for d in found if not _of_the_job_queue(d)]


def _of_the_job_queue(difference: object) -> bool:
    """Whether a difference is one of procrastinate's tables or indexes (not our models)."""
    if not isinstance(difference, tuple) or len(difference) < 2:
        return False
    name = str(getattr(difference[1], "name", ""))
    table = getattr(getattr(difference[1], "table", None), "name", "")
    return name.startswith(queue_schema.PREFIX) or str(table).startswith(queue_schema.PREFIX)


async def test_up_down_up(empty_database_url: URL) -> None:
    url = empty_database_url
    assert await migrate.current(url) is None
    await migrate.upgrade(url)
    assert await migrate.current(url) == migrate.head()
    assert await _tables(url) == set(Base.metadata.tables)
    await migrate.downgrade(url, "base")
    assert await migrate.current(url) is None
    assert await _tables(url) == set()
    await migrate.upgrade(url)
    assert await migrate.current(url) == migrate.head()
    assert await _tables(url) == set(Base.metadata.tables)


async def test_migrated_schema_matches_the_models(empty_database_url: URL) -> None:
    await migrate.upgrade(empty_database_url)
    assert await _differences(empty_database_url) == []


def test_migration_files_are_dated() -> None:
    names = [p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py")]
    assert names
    for name in names:
        year, month, day = name.split("_")[:3]
        assert len(year) == 4 and len(month) == 2 and len(day) == 2, name
