"""Subscriptions and their charges (one per subscription and period), and the test clock."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import CHAR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from common.clock import clock_table
from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata

TZ = DateTime(timezone=True)


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


clock = clock_table(Base.metadata)


class Subscription(IdMixin, TimestampMixin, Base):
    """``period`` is the next period to charge; ``next_charge_at`` is when the scheduler takes it
    (None while its charge is in flight, or while paused, past_due or cancelled)."""

    __tablename__ = "subscription"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index(
            "ix_subscription_due",
            "next_charge_at",
            postgresql_where=text("next_charge_at IS NOT NULL"),
        ),
        Index(
            "ix_subscription_cancel_due",
            "cancel_at",
            postgresql_where=text("cancel_at IS NOT NULL"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    item: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    frequency: Mapped[str] = mapped_column(String(10))
    payment_method_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(12), default="active")
    anchor_at: Mapped[dt.datetime] = mapped_column(TZ)
    period: Mapped[int] = mapped_column(Integer, default=0)
    next_charge_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    """When a past_due subscription is cancelled if no new card saves it."""
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class Charge(IdMixin, TimestampMixin, Base):
    """One period's charge. ``attempts`` counts the payments requested for it (dunning retries
    and new cards); ``next_attempt_at`` is when dunning requests the next one."""

    __tablename__ = "charge"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period"),
        Index(
            "ix_charge_retry_due",
            "next_attempt_at",
            postgresql_where=text("next_attempt_at IS NOT NULL"),
        ),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("subscription.id"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    period: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[dt.datetime] = mapped_column(TZ)
    period_end: Mapped[dt.datetime] = mapped_column(TZ)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    status: Mapped[str] = mapped_column(String(12), default="requested")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    failure_code: Mapped[str | None] = mapped_column(String(60))
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(TZ)
