"""The declarative base every table derives from, with constraint names Alembic can rely on."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic names, so a later migration can drop or alter a constraint by name on both
PostgreSQL and SQLite (whose batch mode recreates tables and needs the names)."""


class Base(AsyncAttrs, DeclarativeBase):
    """Base of the ORM tables; `Base.metadata` is what the migrations describe."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
