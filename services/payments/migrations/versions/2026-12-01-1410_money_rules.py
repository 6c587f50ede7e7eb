"""money rules: per-seller refund shares, automatic voids, payments refused by their order

Revision ID: 0002_money_rules
Revises: 0001
Create Date: 2026-12-01 14:10:00

Refunds made before this revision get their per-seller shares the way the ledger booked them
(each seller's part of the cumulative refunded amount, in proportion to its lines).
"""
from collections import defaultdict
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0002_money_rules'
down_revision: Union[str, Sequence[str], None] = '0002_inbox_names'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD_HOLDS = "status IN ('processing', 'requires_capture', 'succeeded')"
NEW_HOLDS = OLD_HOLDS + " AND refused_by_order_at IS NULL"
VOID_DUE = "status = 'requires_capture' AND void_requested_at IS NOT NULL"


def _allocate(amount: int, weights: list[int]) -> list[int]:
    total = sum(weights)
    floors = [amount * weight // total for weight in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[: amount - sum(floors)]:
        floors[i] += 1
    return floors


def _backfill_shares() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT r.id, r.payment_id, r.amount, p.splits FROM refund r JOIN payment p"
        " ON p.id = r.payment_id WHERE r.status IN ('pending', 'succeeded')"
        " AND jsonb_array_length(p.splits) > 0 ORDER BY r.payment_id, r.created_at, r.id"
    )).all()
    refunded: dict[object, int] = defaultdict(int)
    for refund_id, payment_id, amount, splits in rows:
        weights = [int(split["amount"]) for split in splits]
        before = _allocate(refunded[payment_id], weights)
        refunded[payment_id] += amount
        after = _allocate(refunded[payment_id], weights)
        for split, old, new in zip(splits, before, after):
            if new > old:
                bind.execute(
                    sa.text(
                        "INSERT INTO refund_share (refund_id, seller_id, payment_id, amount)"
                        " VALUES (:refund_id, :seller_id, :payment_id, :amount)"
                    ),
                    {"refund_id": refund_id, "seller_id": split["seller_id"],
                     "payment_id": payment_id, "amount": new - old},
                )


def upgrade() -> None:
    op.add_column('payment', sa.Column('void_requested_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('payment', sa.Column('refused_by_order_at', sa.DateTime(timezone=True), nullable=True))
    op.drop_index('uq_payment_order_active', table_name='payment', postgresql_where=sa.text(OLD_HOLDS))
    op.create_index('uq_payment_order_active', 'payment', ['order_id'], unique=True, postgresql_where=sa.text(NEW_HOLDS))
    op.create_index('ix_payment_void_due', 'payment', ['next_attempt_at'], unique=False, postgresql_where=sa.text(VOID_DUE))
    op.create_table('refund_share',
    sa.Column('refund_id', sa.UUID(), nullable=False),
    sa.Column('seller_id', sa.UUID(), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refund_share_amount_positive')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_refund_share_payment_id_payment')),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], name=op.f('fk_refund_share_refund_id_refund')),
    sa.PrimaryKeyConstraint('refund_id', 'seller_id', name=op.f('pk_refund_share'))
    )
    op.create_index('ix_refund_share_payment_id_seller_id', 'refund_share', ['payment_id', 'seller_id'], unique=False)
    _backfill_shares()


def downgrade() -> None:
    op.drop_index('ix_refund_share_payment_id_seller_id', table_name='refund_share')
    op.drop_table('refund_share')
    op.drop_index('ix_payment_void_due', table_name='payment', postgresql_where=sa.text(VOID_DUE))
    op.drop_index('uq_payment_order_active', table_name='payment', postgresql_where=sa.text(NEW_HOLDS))
    op.create_index('uq_payment_order_active', 'payment', ['order_id'], unique=True, postgresql_where=sa.text(OLD_HOLDS))
    op.drop_column('payment', 'refused_by_order_at')
    op.drop_column('payment', 'void_requested_at')
