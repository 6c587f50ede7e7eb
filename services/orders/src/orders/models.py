"""ORM models: the product read model, carts, orders with their lines, history and messages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import CHAR, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata, utcnow
from orders.state import LineShipping, OrderStatus


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


class Product(Base):
    """What orders knows of a catalog product, fed by catalog events (the catalog stays
    authoritative for stock and prices). ``updated_at`` is the ``occurred_at`` of the last
    snapshot applied and ``stock_updated_at`` that of the last stock figure, so a late
    redelivery never overwrites newer data."""

    __tablename__ = "product"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    available: Mapped[int] = mapped_column(BigInteger, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    stock_updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CartItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "cart_item"
    __table_args__ = (
        UniqueConstraint("user_id", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(BigInteger)


class Order(IdMixin, TimestampMixin, Base):
    """One buyer's order. ``revision`` counts reservation requests (OrderPlaced); the lines shown
    are those of ``lines_revision``; ``confirmed_revision`` is the one the catalog holds."""

    __tablename__ = "order"
    __table_args__ = (
        Index("ix_order_user_id_created_at", "user_id", "created_at"),
        Index("ix_order_status_reservation_expires_at", "status", "reservation_expires_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(32), default=OrderStatus.PENDING)
    currency: Mapped[str] = mapped_column(CHAR(3))
    total: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    lines_revision: Mapped[int] = mapped_column(Integer, default=1)
    confirmed_revision: Mapped[int | None] = mapped_column(Integer)
    reservation_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_code: Mapped[str | None] = mapped_column(String(50))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    paid_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    shipping_address: Mapped[dict[str, Any]] = mapped_column(JSONB)
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipped_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    lines: Mapped[list[OrderLine]] = relationship(
        lazy="raise", order_by="OrderLine.position", cascade="all, delete-orphan"
    )
    history: Mapped[list[OrderHistory]] = relationship(
        lazy="raise", order_by="OrderHistory.id", cascade="all, delete-orphan"
    )

    @property
    def current_lines(self) -> list[OrderLine]:
        return [line for line in self.lines if line.revision == self.lines_revision]

    def lines_of(self, revision: int) -> list[OrderLine]:
        return [line for line in self.lines if line.revision == revision]

    @property
    def seller_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(line.seller_id for line in self.current_lines))

    @property
    def subject_user_ids(self) -> list[uuid.UUID]:
        return [self.user_id, *self.seller_ids]


class OrderLine(IdMixin, Base):
    """One product of one revision of an order. Until the catalog confirms a revision, its
    names, prices and sellers come from the read model; afterwards they are the catalog's."""

    __tablename__ = "order_line"
    __table_args__ = (
        UniqueConstraint("order_id", "revision", "product_id"),
        Index("ix_order_line_seller_id", "seller_id"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    name: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(BigInteger)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    # Each seller ships and delivers its own lines; the order follows when every line has.
    shipping_status: Mapped[str] = mapped_column(
        String(16), default=LineShipping.NOT_SHIPPED, server_default=LineShipping.NOT_SHIPPED
    )
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipped_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class OrderHistory(Base):
    """The order's timeline: a status change, or a note while the status stays."""

    __tablename__ = "order_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OrderMessage(IdMixin, Base):
    """One message of an order's support thread."""

    __tablename__ = "order_message"
    __table_args__ = (Index("ix_order_message_order_id_created_at", "order_id", "created_at"),)

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    author_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
