"""Databases for the backend tests: a SQLite file per test, and a throwaway PostgreSQL database.

PostgreSQL is used when `TEST_DATABASE_URL` names a server (any database on it: the tests
create `jamsos_test_<random>` databases next to it and drop them at the end) or under
CI=true (127.0.0.1:5432 as postgres by default). Under CI=true an unreachable server fails
the tests loudly; elsewhere they are skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db import database_url, make_engine, make_sessionmaker, migrate
from tests.conftest import IN_CI

CI_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

SQLITE = "sqlite"
POSTGRES = pytest.param("postgres", marks=pytest.mark.postgres)
BOTH = [SQLITE, POSTGRES]
"""Parameters of the fixtures that run a test on each database."""


def postgres_url() -> str | None:
    """Return the server the PostgreSQL tests use, or None when they are not wanted."""
    return os.environ.get("TEST_DATABASE_URL") or (CI_DATABASE_URL if IN_CI else None)


class PostgresServer:
    """A PostgreSQL server on which throwaway databases are created and dropped."""

    def __init__(self, url: str) -> None:
        self.url = database_url(url)
        self._admin: Engine = create_engine(
            self.url,
            isolation_level="AUTOCOMMIT",
            connect_args={"connect_timeout": 5},
            hide_parameters=True,
        )

    def check(self) -> None:
        """Connect once; raise if the server can't be reached."""
        with self._admin.connect() as connection:
            connection.execute(text("SELECT 1"))

    def create_database(self) -> URL:
        """Create an empty `jamsos_test_<random>` database; return its URL."""
        name = f"jamsos_test_{secrets.token_hex(6)}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.url.set(database=name)

    def drop_database(self, url: URL) -> None:
        """Drop a database made by `create_database`, whoever is still connected."""
        assert url.database and url.database.startswith("jamsos_test_")
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))

    def close(self) -> None:
        """Close the administration connections."""
        self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server: required under CI, skipped elsewhere when unset or unreachable."""
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (or CI=true)")
    server = PostgresServer(url)
    try:
        server.check()
    except (SQLAlchemyError, OSError) as error:
        server.close()
        shown = server.url.render_as_string(hide_password=True)
        if IN_CI:
            pytest.fail(f"CI=true but PostgreSQL at {shown} can't be reached: {error}")
        pytest.skip(f"PostgreSQL at {shown} can't be reached")
    yield server
    server.close()


@pytest.fixture(scope="session")
def shared_postgres_url(postgres_server: PostgresServer) -> Iterator[URL]:
    """One throwaway database for the whole session (migrated by `engine` on first use)."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=BOTH)
def empty_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[URL]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database dropped after."""
    if request.param == SQLITE:
        folder = tmp_path_factory.mktemp("db")
        yield database_url(f"sqlite:///{folder / 'jamsos.db'}")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture(params=BOTH)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> URL:
    """A database to migrate: a fresh SQLite file, or the session's PostgreSQL database."""
    if request.param == SQLITE:
        folder = tmp_path_factory.mktemp("db")
        return database_url(f"sqlite:///{folder / 'jamsos.db'}")
    url: URL = request.getfixturevalue("shared_postgres_url")
    return url


_migrated: set[str] = set()


@pytest.fixture
async def engine(database: URL) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated database (SQLite, then PostgreSQL)."""
    key = database.render_as_string(hide_password=False)
    if key not in _migrated:
        await migrate.upgrade(database)
        _migrated.add(key)
    engine = make_engine(database)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory of `engine`."""
    return make_sessionmaker(engine)


@pytest.fixture
async def postgres_sessions(
    shared_postgres_url: URL,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the session's migrated PostgreSQL database (concurrency tests)."""
    key = shared_postgres_url.render_as_string(hide_password=False)
    if key not in _migrated:
        await migrate.upgrade(shared_postgres_url)
        _migrated.add(key)
    engine = make_engine(shared_postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()
