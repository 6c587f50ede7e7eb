"""password reset requests, answered by the worker

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "password_reset_request",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column(
            "requested_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_request")),
    )
    op.create_index(
        op.f("ix_password_reset_request_requested_at"),
        "password_reset_request",
        ["requested_at"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_password_reset_request_requested_at"), table_name="password_reset_request"
    )
    op.drop_table("password_reset_request")
