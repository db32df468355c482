"""The WhatsApp channel: the inbox of webhook events, users' 24-hour windows, messages out.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backend.db.types import BigIntegerPK, PortableJSON, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_inbox",
        sa.Column("id", BigIntegerPK, primary_key=True),
        sa.Column("event_key", sa.String(200), nullable=False, unique=True),
        sa.Column("wa_id", sa.String(64), nullable=False),
        sa.Column("payload", PortableJSON, nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index(None, "whatsapp_inbox", ["processed_at", "next_attempt_at"])
    op.create_index(None, "whatsapp_inbox", ["wa_id", "processed_at"])
    op.create_table(
        "whatsapp_contact",
        sa.Column("wa_id", sa.String(64), primary_key=True),
        sa.Column("last_inbound_at", UTCDateTime(), nullable=True),
        sa.Column("template_sent_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "whatsapp_message",
        sa.Column("id", BigIntegerPK, primary_key=True),
        sa.Column("wa_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("body", PortableJSON, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=True, unique=True),
        sa.Column("wamid", sa.String(200), nullable=True, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index(None, "whatsapp_message", ["state", "next_attempt_at"])
    op.create_index(None, "whatsapp_message", ["wa_id", "state"])


def downgrade() -> None:
    op.drop_table("whatsapp_message")
    op.drop_table("whatsapp_contact")
    op.drop_table("whatsapp_inbox")
