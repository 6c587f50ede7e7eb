"""outbox_lease: an outbox row may be held by one publisher (the writer's fast path) for a while

Revision ID: 0002_outbox_lease
Revises: 0002
Create Date: 2026-12-01
"""

from common.migrations import lease_outbox_rows, unlease_outbox_rows

revision = "0002_outbox_lease"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    lease_outbox_rows()


def downgrade() -> None:
    unlease_outbox_rows()
