"""The PostgreSQL job queue's own schema (procrastinate's), installed by our migrations.

`install` runs the `schema.sql` shipped with the installed procrastinate (which is pinned in
pyproject: a newer release may need its own migration scripts, applied in a new revision of
ours); `remove` drops every object it made. Both run only on PostgreSQL: SQLite has no job
queue (`backend.reminders.queue_procrastinate`). Procrastinate's tables are not ours, so
they are not in `Base.metadata`; the names all start with `PREFIX`.
"""

from __future__ import annotations

import re

from procrastinate.schema import SchemaManager
from sqlalchemy.engine import Connection

PREFIX = "procrastinate_"


def _names(kind: str) -> list[str]:
    return re.findall(rf"^CREATE {kind} (\w+)", SchemaManager.get_schema(), re.MULTILINE)


def install(connection: Connection) -> None:
    """Create procrastinate's tables, types, functions and triggers (PostgreSQL only)."""
    # The driver reads `%` as a placeholder even without parameters: doubled, it is one `%`
    # again (as procrastinate's own `apply_schema` does).
    connection.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def remove(connection: Connection) -> None:
    """Drop everything `install` made."""
    tables = ", ".join(reversed(_names("TABLE")))
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {tables} CASCADE")
    for function in _names("FUNCTION"):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    for type_name in _names("TYPE"):
        connection.exec_driver_sql(f"DROP TYPE IF EXISTS {type_name} CASCADE")
