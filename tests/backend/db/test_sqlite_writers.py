"""Two transactions writing one SQLite file at once: the second waits, neither fails."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from backend.db import make_engine, make_sessionmaker


async def test_transactions_that_read_then_write_wait_for_each_other(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'jamsos.db'}")
    sessions = make_sessionmaker(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))

    async def increment() -> None:
        async with sessions.begin() as session:
            # A read, a pause while another transaction starts, then a write: with SQLite's
            # deferred BEGIN the two deadlock on the lock upgrade and one is told "locked".
            n = await session.scalar(text("SELECT n FROM counter"))
            await asyncio.sleep(0.01)
            await session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

    try:
        await asyncio.gather(*(increment() for _ in range(5)))
        async with sessions() as session:
            assert await session.scalar(text("SELECT n FROM counter")) == 5  # no update lost
    finally:
        await engine.dispose()
