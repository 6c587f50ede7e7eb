"""ORM models: payments and refunds, saved cards, the order read model, wallets, checkout
sessions and the double-entry ledger. Money is BigInteger minor units plus a CHAR(3) currency."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import CHAR, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata, utcnow

PaymentStatus = Literal["processing", "requires_capture", "succeeded", "failed", "canceled"]
RefundStatus = Literal["pending", "succeeded", "failed"]
OrderStatus = Literal["pending", "awaiting_payment", "paid", "cancelled", "rejected"]
# A payment in one of these states holds its order (unless the order refused it): no second
# payment can start or succeed.
ORDER_HOLDING_STATUSES = ("processing", "requires_capture", "succeeded")
HOLDS_ORDER = (
    "status IN ('processing', 'requires_capture', 'succeeded') AND refused_by_order_at IS NULL"
)


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


def _money() -> Mapped[int]:
    return mapped_column(BigInteger, nullable=False)


class PaymentMethod(IdMixin, TimestampMixin, Base):
    """A saved card: only the provider's token and what a person needs to recognise it."""

    __tablename__ = "payment_method"
    __table_args__ = (
        Index(
            "uq_payment_method_user_fingerprint",
            "user_id",
            "fingerprint",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_payment_method_user_id_created_at", "user_id", "created_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    provider: Mapped[str] = mapped_column(String(30))
    token: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(30))
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int] = mapped_column(Integer)
    exp_year: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(128))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Payment(IdMixin, TimestampMixin, Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("captured_amount >= 0 AND captured_amount <= amount", name="captured"),
        CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= captured_amount", name="refunded"
        ),
        CheckConstraint(
            "status IN ('processing', 'requires_capture', 'succeeded', 'failed', 'canceled')",
            name="status",
        ),
        Index(
            "uq_payment_order_active",
            "order_id",
            unique=True,
            postgresql_where=text(HOLDS_ORDER),
        ),
        Index(
            "ix_payment_due",
            "next_attempt_at",
            postgresql_where=text("status = 'processing'"),
        ),
        Index(
            "ix_payment_void_due",
            "next_attempt_at",
            postgresql_where=text("status = 'requires_capture' AND void_requested_at IS NOT NULL"),
        ),
        Index("ix_payment_user_id_created_at", "user_id", "created_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    method: Mapped[str] = mapped_column(String(10))
    payment_method_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payment_method.id")
    )
    card_token: Mapped[str | None] = mapped_column(String(200))
    card_brand: Mapped[str | None] = mapped_column(String(30))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    amount: Mapped[int] = _money()
    currency: Mapped[str] = mapped_column(CHAR(3))
    capture_method: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    # Carried to every event about the payment, whichever process settles it (the worker, a
    # provider callback): its order's correlation id and trace, else its request's.
    correlation_id: Mapped[str | None] = mapped_column(String(128))
    traceparent: Mapped[str | None] = mapped_column(String(55))
    captured_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    provider_ref: Mapped[str | None] = mapped_column(String(200))
    failure_code: Mapped[str | None] = mapped_column(String(60))
    failure_message: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(String(500))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, default=dict)
    # The sellers paid and their weights (the order's line amounts): [{seller_id, amount}].
    splits: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    timeline: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    # Set when the authorization must be voided (its order was cancelled or changed): the
    # worker voids it at the provider; it can no longer be captured.
    void_requested_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the orders service did not take this payment: it no longer holds the order.
    refused_by_order_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def seller_ids(self) -> list[uuid.UUID]:
        return [uuid.UUID(split["seller_id"]) for split in self.splits]


class Refund(IdMixin, TimestampMixin, Base):
    __tablename__ = "refund"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        Index("ix_refund_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        Index("ix_refund_payment_id_created_at", "payment_id", "created_at"),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("payment.id"))
    amount: Mapped[int] = _money()
    currency: Mapped[str] = mapped_column(CHAR(3))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(500))
    requested_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    provider_ref: Mapped[str | None] = mapped_column(String(200))
    failure_code: Mapped[str | None] = mapped_column(String(60))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))


class RefundShare(Base):
    """What one seller gives back of one refund: a seller's refunds never exceed its share of
    the captured amount. Refunds of a payment that names no order have no shares."""

    __tablename__ = "refund_share"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_refund_share_payment_id_seller_id", "payment_id", "seller_id"),
    )

    refund_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("refund.id"), primary_key=True
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("payment.id"))
    amount: Mapped[int] = _money()


class Order(TimestampMixin, Base):
    """What payments knows of an order, fed by the orders service's events."""

    __tablename__ = "order"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # The order's correlation id and trace, so its payment's events continue them.
    correlation_id: Mapped[str | None] = mapped_column(String(128))
    traceparent: Mapped[str | None] = mapped_column(String(55))


class Wallet(TimestampMixin, Base):
    __tablename__ = "wallet"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance_not_negative"),)

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    currency: Mapped[str] = mapped_column(CHAR(3))
    balance: Mapped[int] = _money()


class CheckoutSession(IdMixin, TimestampMixin, Base):
    """A hosted payment page for one order; its unguessable id is the capability to pay."""

    __tablename__ = "checkout_session"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    amount: Mapped[int] = _money()
    currency: Mapped[str] = mapped_column(CHAR(3))
    success_url: Mapped[str] = mapped_column(String(2000))
    cancel_url: Mapped[str] = mapped_column(String(2000))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payment.id")
    )


class JournalEntry(IdMixin, Base):
    """One money movement; its postings sum to zero per currency."""

    __tablename__ = "journal_entry"

    kind: Mapped[str] = mapped_column(String(30))
    reference_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=text("now()")
    )


class Posting(Base):
    """A signed amount on one account: positive flows into the account, negative out of it."""

    __tablename__ = "posting"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_posting_account_currency", "account", "currency"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("journal_entry.id"), index=True
    )
    account: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(CHAR(3))
    amount: Mapped[int] = _money()


class LedgerAccount(Base):
    """The running balance of one account, kept in the transaction of every posting to it."""

    __tablename__ = "ledger_account"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    currency: Mapped[str] = mapped_column(CHAR(3), primary_key=True)
    balance: Mapped[int] = _money()
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=text("now()")
    )
