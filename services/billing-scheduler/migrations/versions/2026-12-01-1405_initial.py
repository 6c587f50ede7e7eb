"""initial: subscriptions, charges (one per subscription and period), the test clock

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from common.migrations import create_platform_tables, drop_platform_tables


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table('clock',
    sa.Column('id', sa.SmallInteger(), nullable=False),
    sa.Column('offset_seconds', sa.Float(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock'))
    )
    op.create_table('subscription',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('item_id', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('payment_method_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('anchor_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('next_charge_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_at_period_end', sa.Boolean(), nullable=False),
    sa.Column('cancel_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_subscription_amount_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription'))
    )
    op.create_index('ix_subscription_cancel_due', 'subscription', ['cancel_at'], unique=False, postgresql_where=sa.text('cancel_at IS NOT NULL'))
    op.create_index(op.f('ix_subscription_created_at'), 'subscription', ['created_at'], unique=False)
    op.create_index('ix_subscription_due', 'subscription', ['next_charge_at'], unique=False, postgresql_where=sa.text('next_charge_at IS NOT NULL'))
    op.create_index(op.f('ix_subscription_user_id'), 'subscription', ['user_id'], unique=False)
    op.create_table('charge',
    sa.Column('subscription_id', sa.UUID(), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=True),
    sa.Column('failure_code', sa.String(length=60), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscription.id'], name=op.f('fk_charge_subscription_id_subscription')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge')),
    sa.UniqueConstraint('subscription_id', 'period', name=op.f('uq_charge_subscription_id'))
    )
    op.create_index(op.f('ix_charge_created_at'), 'charge', ['created_at'], unique=False)
    op.create_index('ix_charge_retry_due', 'charge', ['next_attempt_at'], unique=False, postgresql_where=sa.text('next_attempt_at IS NOT NULL'))
    op.create_index(op.f('ix_charge_subscription_id'), 'charge', ['subscription_id'], unique=False)
    op.create_index(op.f('ix_charge_user_id'), 'charge', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_charge_user_id'), table_name='charge')
    op.drop_index(op.f('ix_charge_subscription_id'), table_name='charge')
    op.drop_index('ix_charge_retry_due', table_name='charge', postgresql_where=sa.text('next_attempt_at IS NOT NULL'))
    op.drop_index(op.f('ix_charge_created_at'), table_name='charge')
    op.drop_table('charge')
    op.drop_index(op.f('ix_subscription_user_id'), table_name='subscription')
    op.drop_index('ix_subscription_due', table_name='subscription', postgresql_where=sa.text('next_charge_at IS NOT NULL'))
    op.drop_index(op.f('ix_subscription_created_at'), table_name='subscription')
    op.drop_index('ix_subscription_cancel_due', table_name='subscription', postgresql_where=sa.text('cancel_at IS NOT NULL'))
    op.drop_table('subscription')
    op.drop_table('clock')
    drop_platform_tables()
