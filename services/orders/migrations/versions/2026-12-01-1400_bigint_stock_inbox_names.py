"""64-bit stock and quantities in the product read model, cart and order lines; inbox rows
keyed by the handler's stable name (its event's routing key), not its Python name

Revision ID: 0002_bigint_inbox
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from common.migrations import key_inbox_by_handler_name

revision = "0002_bigint_inbox"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = (("product", "available"), ("cart_item", "quantity"), ("order_line", "quantity"))


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_nullable=False)
    key_inbox_by_handler_name()


def downgrade() -> None:
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_nullable=False)
