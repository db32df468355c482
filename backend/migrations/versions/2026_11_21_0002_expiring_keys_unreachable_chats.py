"""Expiring keys (updates already processed, long button payloads) and unreachable chats.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backend.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expiring_key",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index(op.f("ix_expiring_key_expires_at"), "expiring_key", ["expires_at"])
    op.create_table(
        "unreachable_chat",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("channel_user_id", sa.String(128), primary_key=True),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("unreachable_chat")
    op.drop_index(op.f("ix_expiring_key_expires_at"), table_name="expiring_key")
    op.drop_table("expiring_key")
