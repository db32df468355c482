"""JKP reminders: subscriptions, reminders, duties, the shared send rate; the job queue.

On PostgreSQL the job queue's own schema (procrastinate's) is installed too
(`backend.reminders.queue_schema`); SQLite has no job queue.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backend.db.types import BigIntegerPK, UTCDateTime
from backend.reminders import queue_schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jkp_subscription",
        sa.Column("id", BigIntegerPK, primary_key=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("preferred_hour", sa.Integer(), nullable=False),
        sa.Column("dismissal_date", sa.Date(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("ended_reason", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_index(
        "uq_jkp_subscription_active_chat",
        "jkp_subscription",
        ["channel", "channel_user_id"],
        unique=True,
        sqlite_where=sa.text("state = 'active'"),
        postgresql_where=sa.text("state = 'active'"),
    )
    op.create_table(
        "jkp_reminder",
        sa.Column("id", BigIntegerPK, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.ForeignKey("jkp_subscription.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index(None, "jkp_reminder", ["subscription_id"])
    op.create_index(None, "jkp_reminder", ["state", "due_at"])
    op.create_table(
        "jkp_duty",
        sa.Column("id", BigIntegerPK, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.ForeignKey("jkp_subscription.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(100), nullable=True),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "jkp_duty", ["subscription_id"])
    op.create_table(
        "reminder_send_rate",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("next_slot", UTCDateTime(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        queue_schema.install(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        queue_schema.remove(op.get_bind())
    op.drop_table("reminder_send_rate")
    op.drop_table("jkp_duty")
    op.drop_table("jkp_reminder")
    op.drop_table("jkp_subscription")
