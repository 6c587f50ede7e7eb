"""initial: platform tables, products, reservations

Revision ID: 0001
Revises:
Create Date: 2026-11-25
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
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

    op.create_table(
        "product",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("stock", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("price > 0", name=op.f("ck_product_price_positive")),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_product_stock_not_negative")),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_product_reserved_not_negative")),
        sa.CheckConstraint("reserved <= stock", name=op.f("ck_product_reserved_within_stock")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
    )
    op.create_index(op.f("ix_product_created_at"), "product", ["created_at"])
    op.create_index(op.f("ix_product_seller_id"), "product", ["seller_id"])
    op.create_index(
        "uq_product_live_name",
        "product",
        [sa.literal_column("lower(name)")],
        unique=True,
        postgresql_where=sa.text("archived_at IS NULL"),
    )
    op.create_index(
        "ix_product_search_trgm",
        "product",
        [sa.literal_column("((name || ' ') || description)").label("search_document")],
        postgresql_using="gin",
        postgresql_ops={"search_document": "gin_trgm_ops"},
    )

    op.create_table(
        "reservation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("last_revision", sa.Integer(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "status IN ('rejected', 'held', 'sold', 'released', 'expired', 'returned')",
            name=op.f("ck_reservation_status_known"),
        ),
        sa.CheckConstraint("revision <= last_revision", name=op.f("ck_reservation_revision_decided")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation")),
        sa.UniqueConstraint("order_id", name=op.f("uq_reservation_order_id")),
    )
    op.create_index(op.f("ix_reservation_created_at"), "reservation", ["created_at"])
    op.create_index(
        "ix_reservation_held_expires_at",
        "reservation",
        ["expires_at"],
        postgresql_where=sa.text("status = 'held'"),
    )

    op.create_table(
        "reservation_line",
        sa.Column("reservation_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_reservation_line_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["reservation_id"],
            ["reservation.id"],
            name=op.f("fk_reservation_line_reservation_id_reservation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_reservation_line_product_id_product")
        ),
        sa.PrimaryKeyConstraint("reservation_id", "product_id", name=op.f("pk_reservation_line")),
    )
    op.create_index("ix_reservation_line_product_id", "reservation_line", ["product_id"])


def downgrade() -> None:
    op.drop_table("reservation_line")
    op.drop_table("reservation")
    op.drop_table("product")
    drop_platform_tables()
