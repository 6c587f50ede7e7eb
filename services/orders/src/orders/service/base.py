"""Shared by the use cases: who may see an order, moving it along the state machine, views.

The buyer and admins see every line; a seller sees the order's shipping address and its own
lines only: never another seller's lines or amounts (the total is its lines' sum, the order's
money and the notes of its history are not shown)."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from orders.errors import IllegalTransition, OrderNotFound
from orders.models import Order, OrderHistory, OrderLine
from orders.repository import orders as order_repository
from orders.schemas import OrderLineRead, OrderRead, ShippingAddress, StatusEntry
from orders.state import OrderStatus, can_transition

Relation = Literal["buyer", "seller", "admin"]


def relation(order: Order, principal: Principal) -> Relation | None:
    """How the caller stands to the order; None means it must look as if it did not exist."""
    if principal.is_admin:
        return "admin"
    if order.user_id == principal.user_id:
        return "buyer"
    if principal.user_id in order.seller_ids:
        return "seller"
    return None


async def visible_order(
    session: AsyncSession, order_id: uuid.UUID, principal: Principal, *, lock: bool = False
) -> tuple[Order, Relation]:
    order = await order_repository.get(session, order_id, lock=lock)
    related = None if order is None else relation(order, principal)
    if order is None or related is None:
        raise OrderNotFound()
    return order, related


def status_of(order: Order) -> OrderStatus:
    return OrderStatus(order.status)


def move(order: Order, target: OrderStatus, note: str | None = None) -> OrderStatus:
    """Apply ``target`` if the state machine allows it (409 otherwise); returns the old status."""
    source = status_of(order)
    if not can_transition(source, target):
        raise IllegalTransition(source, target)
    order.status = target
    order.history.append(OrderHistory(status=target, note=note))
    return source


def check_move(source: str, target: OrderStatus) -> OrderStatus:
    """``target`` if the state machine allows ``source -> target`` (409 otherwise): the same
    rule as :func:`move`, for the handlers that write orders as plain rows."""
    if not can_transition(OrderStatus(source), target):
        raise IllegalTransition(OrderStatus(source), target)
    return target


def note(order: Order, text: str) -> None:
    """A timeline entry that does not change the status."""
    order.history.append(OrderHistory(status=order.status, note=text))


def visible_lines(order: Order, principal: Principal, related: Relation) -> list[OrderLine]:
    if related != "seller":
        return order.current_lines
    return [line for line in order.current_lines if line.seller_id == principal.user_id]


def viewer_relation(order: Order, principal: Principal) -> Relation:
    """The relation for a listed order (the listing already filtered what the caller may see)."""
    return relation(order, principal) or "seller"


def order_read(order: Order, principal: Principal | None = None) -> OrderRead:
    related = "admin" if principal is None else viewer_relation(order, principal)
    lines = order.current_lines if principal is None else visible_lines(order, principal, related)
    seller = related == "seller"
    return OrderRead(
        id=order.id,
        user_id=order.user_id,
        status=status_of(order),
        revision=order.revision,
        currency=order.currency,
        total=sum(line.amount for line in lines) if seller else order.total,
        lines=[OrderLineRead.model_validate(line) for line in lines],
        shipping_address=ShippingAddress.model_validate(order.shipping_address),
        status_history=[
            StatusEntry(status=OrderStatus(entry.status), at=entry.at, note=None)
            if seller
            else StatusEntry.model_validate(entry)
            for entry in order.history
        ],
        reservation_expires_at=order.reservation_expires_at,
        rejection_code=order.rejection_code,
        rejection_reason=order.rejection_reason,
        payment_id=order.payment_id,
        paid_amount=None if seller else order.paid_amount,
        refunded_amount=None if seller else order.refunded_amount,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )
