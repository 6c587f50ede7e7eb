"""ORM models: products with their stock, and the reservations that hold stock for orders."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


# Parenthesised the way PostgreSQL reflects it, so `alembic check` sees no drift.
_SEARCH_DOCUMENT_SQL = "((name || ' ') || description)"


def search_document() -> ColumnElement[str]:
    """What ``q`` searches with ILIKE: name and description. The trigram index below is built on
    exactly this expression, so the planner can use it for ``%term%`` patterns."""
    return literal_column(_SEARCH_DOCUMENT_SQL, String)


class Product(IdMixin, TimestampMixin, Base):
    """A seller's product. ``reserved`` units are held for unpaid orders; the database itself
    refuses a row where more is reserved than is in stock."""

    __tablename__ = "product"

    seller_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    price: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    stock: Mapped[int] = mapped_column(BigInteger)
    reserved: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("reserved <= stock", name="reserved_within_stock"),
        Index(
            "ix_product_search_trgm",
            search_document().label("search_document"),
            postgresql_using="gin",
            postgresql_ops={"search_document": "gin_trgm_ops"},
        ),
    )

    @property
    def available(self) -> int:
        return self.stock - self.reserved

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


# Names are unique case-insensitively among live products; the index, not a prior SELECT, is
# what makes two concurrent creates unable to both win.
Index(
    "uq_product_live_name",
    func.lower(Product.name),
    unique=True,
    postgresql_where=Product.archived_at.is_(None),
)


class ReservationStatus(enum.StrEnum):
    REJECTED = "rejected"  # no revision of the order could be held (yet)
    HELD = "held"
    SOLD = "sold"
    RELEASED = "released"  # order cancelled while held (or before anything was held)
    EXPIRED = "expired"
    RETURNED = "returned"  # sold, then the order was cancelled: the units went back to stock


OPEN_STATUSES = (ReservationStatus.REJECTED, ReservationStatus.HELD)
"""States in which a new revision of the order may still be reserved."""


class Reservation(IdMixin, TimestampMixin, Base):
    """The stock an order holds: one row per order, replaced in place by later revisions."""

    __tablename__ = "reservation"

    order_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    user_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    last_revision: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s.value}'" for s in ReservationStatus)),
            name="status_known",
        ),
        CheckConstraint("revision <= last_revision", name="revision_decided"),
        Index(
            "ix_reservation_held_expires_at",
            "expires_at",
            postgresql_where=text("status = 'held'"),
        ),
    )


class ReservationLine(Base):
    """One product held (or sold) by a reservation, at the price it had when reserved."""

    __tablename__ = "reservation_line"

    reservation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reservation.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(BigInteger)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    seller_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_reservation_line_product_id", "product_id"),
    )
