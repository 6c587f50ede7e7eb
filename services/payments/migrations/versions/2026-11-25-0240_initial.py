"""initial: payments, refunds, cards, orders read model, wallets, checkout, ledger

Revision ID: 0001
Revises:
Create Date: 2026-11-25 02:40:41.084816

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
    """The payments schema, with the platform's outbox, inbox and idempotency keys."""
    create_platform_tables()
    op.create_table('journal_entry',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('reference_id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entry'))
    )
    op.create_index(op.f('ix_journal_entry_reference_id'), 'journal_entry', ['reference_id'], unique=False)
    op.create_table('ledger_account',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('name', 'currency', name=op.f('pk_ledger_account'))
    )
    op.create_table('order',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('lines', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order'))
    )
    op.create_index(op.f('ix_order_created_at'), 'order', ['created_at'], unique=False)
    op.create_table('payment_method',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('provider', sa.String(length=30), nullable=False),
    sa.Column('token', sa.String(length=200), nullable=False),
    sa.Column('brand', sa.String(length=30), nullable=False),
    sa.Column('last4', sa.String(length=4), nullable=False),
    sa.Column('exp_month', sa.Integer(), nullable=False),
    sa.Column('exp_year', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=128), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_method'))
    )
    op.create_index(op.f('ix_payment_method_created_at'), 'payment_method', ['created_at'], unique=False)
    op.create_index('ix_payment_method_user_id_created_at', 'payment_method', ['user_id', 'created_at'], unique=False)
    op.create_index('uq_payment_method_user_fingerprint', 'payment_method', ['user_id', 'fingerprint'], unique=True, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_table('wallet',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('balance >= 0', name=op.f('ck_wallet_balance_not_negative')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_wallet'))
    )
    op.create_index(op.f('ix_wallet_created_at'), 'wallet', ['created_at'], unique=False)
    op.create_table('payment',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('order_id', sa.UUID(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('payment_method_id', sa.UUID(), nullable=True),
    sa.Column('card_token', sa.String(length=200), nullable=True),
    sa.Column('card_brand', sa.String(length=30), nullable=True),
    sa.Column('card_last4', sa.String(length=4), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('capture_method', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('captured_amount', sa.BigInteger(), nullable=False),
    sa.Column('refunded_amount', sa.BigInteger(), nullable=False),
    sa.Column('provider_ref', sa.String(length=200), nullable=True),
    sa.Column('failure_code', sa.String(length=60), nullable=True),
    sa.Column('failure_message', sa.String(length=500), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('splits', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('timeline', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('processing', 'requires_capture', 'succeeded', 'failed', 'canceled')", name=op.f('ck_payment_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_amount_positive')),
    sa.CheckConstraint('captured_amount >= 0 AND captured_amount <= amount', name=op.f('ck_payment_captured')),
    sa.CheckConstraint('refunded_amount >= 0 AND refunded_amount <= captured_amount', name=op.f('ck_payment_refunded')),
    sa.ForeignKeyConstraint(['payment_method_id'], ['payment_method.id'], name=op.f('fk_payment_payment_method_id_payment_method')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment'))
    )
    op.create_index(op.f('ix_payment_created_at'), 'payment', ['created_at'], unique=False)
    op.create_index('ix_payment_due', 'payment', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'processing'"))
    op.create_index('ix_payment_user_id_created_at', 'payment', ['user_id', 'created_at'], unique=False)
    op.create_index('uq_payment_order_active', 'payment', ['order_id'], unique=True, postgresql_where=sa.text("status IN ('processing', 'requires_capture', 'succeeded')"))
    op.create_table('posting',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('entry_id', sa.UUID(), nullable=False),
    sa.Column('account', sa.String(length=120), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_posting_amount_not_zero')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_posting_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting'))
    )
    op.create_index('ix_posting_account_currency', 'posting', ['account', 'currency'], unique=False)
    op.create_index(op.f('ix_posting_entry_id'), 'posting', ['entry_id'], unique=False)
    op.create_table('checkout_session',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('order_id', sa.UUID(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('success_url', sa.String(length=2000), nullable=False),
    sa.Column('cancel_url', sa.String(length=2000), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_checkout_session_payment_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkout_session'))
    )
    op.create_index(op.f('ix_checkout_session_created_at'), 'checkout_session', ['created_at'], unique=False)
    op.create_table('refund',
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('requested_by', sa.UUID(), nullable=True),
    sa.Column('provider_ref', sa.String(length=200), nullable=True),
    sa.Column('failure_code', sa.String(length=60), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name=op.f('ck_refund_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refund_amount_positive')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_refund_payment_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund'))
    )
    op.create_index(op.f('ix_refund_created_at'), 'refund', ['created_at'], unique=False)
    op.create_index('ix_refund_due', 'refund', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index('ix_refund_payment_id_created_at', 'refund', ['payment_id', 'created_at'], unique=False)


def downgrade() -> None:
    """Drop everything."""
    op.drop_index('ix_refund_payment_id_created_at', table_name='refund')
    op.drop_index('ix_refund_due', table_name='refund', postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_refund_created_at'), table_name='refund')
    op.drop_table('refund')
    op.drop_index(op.f('ix_checkout_session_created_at'), table_name='checkout_session')
    op.drop_table('checkout_session')
    op.drop_index(op.f('ix_posting_entry_id'), table_name='posting')
    op.drop_index('ix_posting_account_currency', table_name='posting')
    op.drop_table('posting')
    op.drop_index('uq_payment_order_active', table_name='payment', postgresql_where=sa.text("status IN ('processing', 'requires_capture', 'succeeded')"))
    op.drop_index('ix_payment_user_id_created_at', table_name='payment')
    op.drop_index('ix_payment_due', table_name='payment', postgresql_where=sa.text("status = 'processing'"))
    op.drop_index(op.f('ix_payment_created_at'), table_name='payment')
    op.drop_table('payment')
    op.drop_index(op.f('ix_wallet_created_at'), table_name='wallet')
    op.drop_table('wallet')
    op.drop_index('uq_payment_method_user_fingerprint', table_name='payment_method', postgresql_where=sa.text('deleted_at IS NULL'))
    op.drop_index('ix_payment_method_user_id_created_at', table_name='payment_method')
    op.drop_index(op.f('ix_payment_method_created_at'), table_name='payment_method')
    op.drop_table('payment_method')
    op.drop_index(op.f('ix_order_created_at'), table_name='order')
    op.drop_table('order')
    op.drop_table('ledger_account')
    op.drop_index(op.f('ix_journal_entry_reference_id'), table_name='journal_entry')
    op.drop_table('journal_entry')
    drop_platform_tables()
