"""initial: endpoints, deliveries and their attempts, resource sequences

Revision ID: 0001
Revises: 
Create Date: 2026-12-01 13:57:25.241948

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from common.migrations import create_platform_tables, drop_platform_tables

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The webhooks schema, with the platform's outbox, inbox and idempotency keys."""
    create_platform_tables()
    op.create_table('endpoint',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('event_types', postgresql.ARRAY(sa.String(length=200)), nullable=False),
    sa.Column('all_users', sa.Boolean(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('disabled_reason', sa.String(length=20), nullable=True),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('previous_secret', sa.String(length=100), nullable=True),
    sa.Column('previous_secret_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endpoint'))
    )
    op.create_index(op.f('ix_endpoint_created_at'), 'endpoint', ['created_at'], unique=False)
    op.create_index('ix_endpoint_event_types', 'endpoint', ['event_types'], unique=False, postgresql_using='gin')
    op.create_index('ix_endpoint_user_id_created_at', 'endpoint', ['user_id', 'created_at'], unique=False)
    op.create_table('resource_sequence',
    sa.Column('resource', sa.String(length=120), nullable=False),
    sa.Column('last', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('resource', name=op.f('pk_resource_sequence'))
    )
    op.create_table('delivery',
    sa.Column('endpoint_id', sa.UUID(), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('retries', sa.Integer(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status_code', sa.SmallInteger(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['endpoint_id'], ['endpoint.id'], name=op.f('fk_delivery_endpoint_id_endpoint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery')),
    sa.UniqueConstraint('endpoint_id', 'event_id', name=op.f('uq_delivery_endpoint_id'))
    )
    op.create_index(op.f('ix_delivery_created_at'), 'delivery', ['created_at'], unique=False)
    op.create_index('ix_delivery_due', 'delivery', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index('ix_delivery_endpoint_id_created_at', 'delivery', ['endpoint_id', 'created_at'], unique=False)
    op.create_table('delivery_attempt',
    sa.Column('delivery_id', sa.UUID(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('status_code', sa.SmallInteger(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('response_excerpt', sa.Text(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['delivery.id'], name=op.f('fk_delivery_attempt_delivery_id_delivery'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_attempt'))
    )
    op.create_index('ix_delivery_attempt_delivery_id', 'delivery_attempt', ['delivery_id', 'attempted_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_delivery_attempt_delivery_id', table_name='delivery_attempt')
    op.drop_table('delivery_attempt')
    op.drop_index('ix_delivery_endpoint_id_created_at', table_name='delivery')
    op.drop_index('ix_delivery_due', table_name='delivery', postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_delivery_created_at'), table_name='delivery')
    op.drop_table('delivery')
    op.drop_table('resource_sequence')
    op.drop_index('ix_endpoint_user_id_created_at', table_name='endpoint')
    op.drop_index('ix_endpoint_event_types', table_name='endpoint', postgresql_using='gin')
    op.drop_index(op.f('ix_endpoint_created_at'), table_name='endpoint')
    op.drop_table('endpoint')
    drop_platform_tables()
