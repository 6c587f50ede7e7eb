"""email_notify: an insert into email_message wakes the worker's mail sender (NOTIFY)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from common.migrations import drop_notify_on_insert, notify_on_insert

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    notify_on_insert("email_message", "email_due")


def downgrade() -> None:
    drop_notify_on_insert("email_message")
