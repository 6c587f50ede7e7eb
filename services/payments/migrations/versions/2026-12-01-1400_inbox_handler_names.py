"""inbox rows keyed by the handler's stable name (its event's routing key), not its Python name

Revision ID: 0002_inbox_names
Revises: 0001
Create Date: 2026-12-01
"""

from common.migrations import key_inbox_by_handler_name

revision = "0002_inbox_names"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    key_inbox_by_handler_name()


def downgrade() -> None:
    """Nothing to undo: the old code keyed rows by Python names that are not recorded."""
