"""Events produced by the orders service."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from common.events.base import Event


class PlacedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: uuid.UUID
    quantity: int


class OrderPlaced(Event):
    """Asks the catalog to reserve ``lines``; a later revision replaces the earlier reservation
    all-or-nothing (the earlier one stays if the new one cannot be held)."""

    routing_key = "orders.order.placed"
    order_id: uuid.UUID
    user_id: uuid.UUID
    revision: int = 1
    currency: str
    lines: list[PlacedLine]


class ConfirmedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: uuid.UUID
    seller_id: uuid.UUID
    quantity: int
    unit_price: int
    amount: int
    name: str = ""


class OrderConfirmed(Event):
    """Stock is reserved; the order awaits payment of exactly ``total`` ``currency``."""

    routing_key = "orders.order.confirmed"
    order_id: uuid.UUID
    user_id: uuid.UUID
    revision: int = 1
    total: int
    currency: str
    lines: list[ConfirmedLine]


class OrderRejected(Event):
    routing_key = "orders.order.rejected"
    order_id: uuid.UUID
    user_id: uuid.UUID
    code: str
    reason: str
    product_id: uuid.UUID | None = None


class OrderPaid(Event):
    routing_key = "orders.order.paid"
    order_id: uuid.UUID
    user_id: uuid.UUID
    payment_id: uuid.UUID
    amount: int
    currency: str
    seller_ids: list[uuid.UUID]


class OrderCancelled(Event):
    """``was_paid`` tells payments to refund ``payment_id`` in full."""

    routing_key = "orders.order.cancelled"
    order_id: uuid.UUID
    user_id: uuid.UUID
    reason: str
    was_paid: bool = False
    payment_id: uuid.UUID | None = None
    amount: int = 0
    currency: str | None = None


class OrderPaymentRefused(Event):
    """Orders did not take ``payment_id`` (stale total, order no longer payable, short capture):
    payments gives the money back at once and the payment stops holding the order."""

    routing_key = "orders.order.payment_refused"
    order_id: uuid.UUID
    user_id: uuid.UUID
    payment_id: uuid.UUID
    reason: str


class OrderShipped(Event):
    """Every line of the order is shipped."""

    routing_key = "orders.order.shipped"
    order_id: uuid.UUID
    user_id: uuid.UUID
    carrier: str | None = None
    tracking_number: str | None = None


class OrderDelivered(Event):
    """Every line of the order is delivered."""

    routing_key = "orders.order.delivered"
    order_id: uuid.UUID
    user_id: uuid.UUID
