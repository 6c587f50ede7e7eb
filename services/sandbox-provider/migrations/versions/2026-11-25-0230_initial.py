"""initial: cards, charges and refunds

Revision ID: 0001
Revises:
Create Date: 2026-11-25 02:30

The platform tables (outbox, inbox, idempotency_key) are created too: the shared Alembic env
compares against them, although the sandbox publishes no events.
"""

import sqlalchemy as sa
from alembic import op

from common.migrations import create_platform_tables, drop_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "card",
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("number", sa.String(19), nullable=False),
        sa.Column("brand", sa.String(16), nullable=False),
        sa.Column("last4", sa.CHAR(4), nullable=False),
        sa.Column("exp_month", sa.SmallInteger(), nullable=False),
        sa.Column("exp_year", sa.SmallInteger(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_card")),
    )
    op.create_index(op.f("ix_card_created_at"), "card", ["created_at"])
    op.create_index(op.f("ix_card_fingerprint"), "card", ["fingerprint"])

    op.create_table(
        "charge",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(255), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("capture", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("captured_amount", sa.BigInteger(), nullable=False),
        sa.Column("refunded_amount", sa.BigInteger(), nullable=False),
        sa.Column("failure_code", sa.String(64), nullable=True),
        sa.Column("failure_message", sa.String(255), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charge")),
        sa.UniqueConstraint("reference", name=op.f("uq_charge_reference")),
        sa.ForeignKeyConstraint(["token"], ["card.token"], name=op.f("fk_charge_token_card")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_charge_amount_positive")),
        sa.CheckConstraint(
            "captured_amount BETWEEN 0 AND amount", name=op.f("ck_charge_captured_within_amount")
        ),
        sa.CheckConstraint(
            "refunded_amount BETWEEN 0 AND captured_amount",
            name=op.f("ck_charge_refunded_within_captured"),
        ),
    )
    op.create_index(op.f("ix_charge_created_at"), "charge", ["created_at"])
    op.create_index(op.f("ix_charge_token"), "charge", ["token"])

    op.create_table(
        "refund",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(255), nullable=False),
        sa.Column("charge_id", sa.String(32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund")),
        sa.UniqueConstraint("reference", name=op.f("uq_refund_reference")),
        sa.ForeignKeyConstraint(["charge_id"], ["charge.id"], name=op.f("fk_refund_charge_id_charge")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refund_amount_positive")),
    )
    op.create_index(op.f("ix_refund_created_at"), "refund", ["created_at"])
    op.create_index(op.f("ix_refund_charge_id"), "refund", ["charge_id"])


def downgrade() -> None:
    op.drop_table("refund")
    op.drop_table("charge")
    op.drop_table("card")
    drop_platform_tables()
