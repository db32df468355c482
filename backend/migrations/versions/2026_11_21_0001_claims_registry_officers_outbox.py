"""Participants registry, claims with their audit log, links, officers, outbox and tickets.

Revision ID: 0001
Revises:
Create Date: 2026-11-21

Hand-written: every ALTER goes inside `with op.batch_alter_table(...)`, or SQLite fails.
Enum columns are plain VARCHAR(32) (`backend.db.types.str_enum`): their values live in the
code, so a new member needs no migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backend.db.types import BigIntegerPK, PortableJSON, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ENUM = sa.String(32)
ID = BigIntegerPK
"""Primary keys and the foreign keys pointing at them: BIGINT, INTEGER on SQLite."""


def _pk() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True)


def _fk(column: str, target: str, *, ondelete: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(column, ID, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "participant",
        _pk(),
        sa.Column("nik", sa.String(16), nullable=False, unique=True),
        sa.Column("kpj", sa.String(11), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("segment", ENUM, nullable=False),
        sa.Column("placement_country", sa.String(2), nullable=True),
        sa.Column("membership_start", sa.Date(), nullable=False),
        sa.Column("membership_status", ENUM, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "participant_program",
        sa.Column(
            "participant_id",
            ID,
            sa.ForeignKey("participant.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("program", ENUM, primary_key=True),
    )
    op.create_table(
        "contribution",
        _pk(),
        _fk("participant_id", "participant.id", ondelete="CASCADE"),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("program", ENUM, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("participant_id", "month", "program"),
    )
    op.create_index(None, "contribution", ["participant_id"])
    op.create_table(
        "jht_balance",
        sa.Column(
            "participant_id",
            ID,
            sa.ForeignKey("participant.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
    )

    op.create_table(
        "claim",
        _pk(),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        _fk("participant_id", "participant.id", ondelete="RESTRICT"),
        sa.Column("program", ENUM, nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("facts", PortableJSON, nullable=False),
        sa.Column("decision", PortableJSON, nullable=False),
        sa.Column("bank_name", sa.String(100), nullable=False),
        sa.Column("bank_account_number", sa.String(34), nullable=False),
        sa.Column("bank_account_holder", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        sa.Column("language", ENUM, nullable=False),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("interview_at", UTCDateTime(), nullable=True),
        sa.Column("submission_key", sa.String(128), nullable=True, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index(None, "claim", ["participant_id"])
    op.create_index(None, "claim", ["state"])
    op.create_table(
        "claim_document",
        _pk(),
        _fk("claim_id", "claim.id", ondelete="CASCADE"),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("file_id", sa.String(64), nullable=False, unique=True),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_path", sa.String(500), nullable=False),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "claim_document", ["claim_id"])
    op.create_table(
        "claim_transition",
        _pk(),
        _fk("claim_id", "claim.id", ondelete="CASCADE"),
        sa.Column("actor_kind", ENUM, nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("from_state", ENUM, nullable=True),
        sa.Column("to_state", ENUM, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "claim_transition", ["claim_id"])

    op.create_table(
        "channel_link",
        _pk(),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        _fk("participant_id", "participant.id", ondelete="CASCADE"),
        sa.Column("linked_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("channel", "channel_user_id"),
    )
    op.create_index(None, "channel_link", ["participant_id"])
    op.create_table(
        "link_attempt",
        _pk(),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "link_attempt", ["channel", "channel_user_id", "attempted_at"])

    op.create_table(
        "officer",
        _pk(),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", ENUM, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "officer_token",
        _pk(),
        _fk("officer_id", "officer.id", ondelete="CASCADE"),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "officer_token", ["officer_id"])

    op.create_table(
        "outbox_message",
        _pk(),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        sa.Column("language", ENUM, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", PortableJSON, nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index(None, "outbox_message", ["sent_at", "next_attempt_at"])

    op.create_table(
        "ticket",
        _pk(),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        sa.Column("language", ENUM, nullable=False),
        _fk("participant_id", "participant.id", ondelete="SET NULL", nullable=True),
        _fk("officer_id", "officer.id", ondelete="SET NULL", nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
    )
    op.create_index(None, "ticket", ["state"])
    op.create_index(None, "ticket", ["participant_id"])
    op.create_table(
        "ticket_message",
        _pk(),
        _fk("ticket_id", "ticket.id", ondelete="CASCADE"),
        sa.Column("author_kind", ENUM, nullable=False),
        _fk("officer_id", "officer.id", ondelete="SET NULL", nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index(None, "ticket_message", ["ticket_id"])
    op.create_table(
        "human_handoff",
        _pk(),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("channel_user_id", sa.String(128), nullable=False),
        _fk("ticket_id", "ticket.id", ondelete="CASCADE"),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("channel", "channel_user_id"),
    )


def downgrade() -> None:
    for table in (
        "human_handoff",
        "ticket_message",
        "ticket",
        "outbox_message",
        "officer_token",
        "officer",
        "link_attempt",
        "channel_link",
        "claim_transition",
        "claim_document",
        "claim",
        "jht_balance",
        "contribution",
        "participant_program",
        "participant",
    ):
        op.drop_table(table)
