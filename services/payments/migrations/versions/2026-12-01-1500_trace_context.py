"""trace_context: payments and the orders read model keep their correlation id and trace

Revision ID: 0003_trace
Revises: 0002_money_rules
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_trace"
down_revision = "0002_money_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("payment", "order"):
        op.add_column(table, sa.Column("correlation_id", sa.String(length=128), nullable=True))
        op.add_column(table, sa.Column("traceparent", sa.String(length=55), nullable=True))


def downgrade() -> None:
    for table in ("payment", "order"):
        op.drop_column(table, "traceparent")
        op.drop_column(table, "correlation_id")
