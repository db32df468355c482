"""The Alembic migrations of the schema (run through `backend.db.migrate`, no alembic.ini)."""
