"""line shipping: each seller ships and delivers its own lines

Revision ID: 0002_line_shipping
Revises: 0001
Create Date: 2026-12-01

Lines of orders shipped or delivered before this revision take the order's shipping.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_line_shipping"
down_revision = "0002_bigint_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "order_line",
        sa.Column("shipping_status", sa.String(length=16), server_default="not_shipped", nullable=False),
    )
    op.add_column("order_line", sa.Column("carrier", sa.String(length=100), nullable=True))
    op.add_column("order_line", sa.Column("tracking_number", sa.String(length=100), nullable=True))
    op.add_column("order_line", sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("order_line", sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        """
        UPDATE order_line AS l SET
            shipping_status = CASE WHEN o.delivered_at IS NOT NULL THEN 'delivered' ELSE 'shipped' END,
            carrier = o.carrier, tracking_number = o.tracking_number,
            shipped_at = o.shipped_at, delivered_at = o.delivered_at
        FROM "order" AS o
        WHERE o.id = l.order_id AND l.revision = o.lines_revision AND o.shipped_at IS NOT NULL
        """
    )


def downgrade() -> None:
    for column in ("delivered_at", "shipped_at", "tracking_number", "carrier", "shipping_status"):
        op.drop_column("order_line", column)
