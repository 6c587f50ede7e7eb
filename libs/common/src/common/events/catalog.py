"""Events produced by the catalog service: the product read model feed and the stock saga."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.events.base import Event


class ProductSnapshot(Event):
    """Fields shared by product created/updated, enough for a consumer's read model."""

    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    description: str
    price: int
    currency: str
    stock: int
    available: int


class ProductCreated(ProductSnapshot):
    routing_key = "catalog.product.created"


class ProductUpdated(ProductSnapshot):
    routing_key = "catalog.product.updated"


class ProductArchived(Event):
    routing_key = "catalog.product.archived"
    product_id: uuid.UUID
    seller_id: uuid.UUID


class StockChanged(Event):
    routing_key = "catalog.stock.changed"
    product_id: uuid.UUID
    seller_id: uuid.UUID
    stock: int
    reserved: int
    available: int


class ReservedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    quantity: int
    unit_price: int
    currency: str


class StockReserved(Event):
    """Every line of the order (at ``revision``) is held until ``expires_at``."""

    routing_key = "catalog.stock.reserved"
    order_id: uuid.UUID
    user_id: uuid.UUID
    revision: int = 1
    lines: list[ReservedLine]
    currency: str
    total: int
    expires_at: dt.datetime


RejectionCode = Literal[
    "out_of_stock", "product_unavailable", "currency_mismatch", "reservation_expired"
]


class StockRejected(Event):
    """Nothing was reserved for this revision of the order (all lines or none)."""

    routing_key = "catalog.stock.rejected"
    order_id: uuid.UUID
    user_id: uuid.UUID
    revision: int = 1
    code: RejectionCode
    reason: str
    product_id: uuid.UUID | None = None


class StockReleased(Event):
    """A reservation ended without a sale (order cancelled, or the hold expired)."""

    routing_key = "catalog.stock.released"
    order_id: uuid.UUID
    user_id: uuid.UUID
    reason: Literal["cancelled", "expired"]
