"""After payment: shipping by the sellers of an order's lines, and its support thread.

Each seller ships and delivers its own lines (an admin any line); the order becomes ``shipped``
when every line is shipped and ``delivered`` when every line is delivered
(:func:`orders.state.order_moves`). A seller reads the shipping of its own lines only.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.events.orders import OrderDelivered, OrderShipped
from common.messaging.outbox import publish
from common.pagination import PageParams, paginate
from orders.errors import IllegalTransition, OrderActionForbidden
from orders.models import Order, OrderLine, OrderMessage
from orders.repository import orders as order_repository
from orders.schemas import (
    LineShippingRead,
    MessageRead,
    ShippingAddress,
    ShippingRead,
    ShippingUpdate,
)
from orders.service.base import move, status_of, visible_lines, visible_order
from orders.state import (
    SHIPPABLE,
    LineShipping,
    OrderStatus,
    can_move_line,
    fulfilment,
    order_moves,
)

_UNSHIPPED = ("not_shipped", "partially_shipped")


def shipping_read(order: Order, lines: list[OrderLine]) -> ShippingRead:
    """The shipping of ``lines`` (those the caller may see) and the order's address."""
    status = fulfilment(LineShipping(line.shipping_status) for line in lines)
    shipped = [line for line in lines if line.shipped_at is not None]
    last = max(shipped, key=lambda line: line.shipped_at or order.created_at, default=None)
    delivered = [line.delivered_at for line in lines if line.delivered_at is not None]
    return ShippingRead(
        status=status,
        order_status=status_of(order),
        carrier=last.carrier if last is not None else None,
        tracking_number=last.tracking_number if last is not None else None,
        shipped_at=last.shipped_at if last is not None and status not in _UNSHIPPED else None,
        delivered_at=max(delivered) if delivered and status == "delivered" else None,
        address=ShippingAddress.model_validate(order.shipping_address),
        lines=[LineShippingRead.model_validate(line) for line in lines],
    )


def _move_lines(
    lines: list[OrderLine], target: LineShipping, update: ShippingUpdate, order: Order
) -> None:
    movable = [line for line in lines if can_move_line(LineShipping(line.shipping_status), target)]
    if not movable:
        current = fulfilment(LineShipping(line.shipping_status) for line in lines)
        raise IllegalTransition(current, target)
    now = utcnow()
    for line in movable:
        line.shipping_status = target
        line.carrier = update.carrier or line.carrier
        line.tracking_number = update.tracking_number or line.tracking_number
        if target == LineShipping.SHIPPED:
            line.shipped_at = now
        else:
            line.delivered_at = now
    order.carrier = update.carrier or order.carrier
    order.tracking_number = update.tracking_number or order.tracking_number


async def shipping(
    session: AsyncSession, *, principal: Principal, order_id: uuid.UUID
) -> ShippingRead:
    order, related = await visible_order(session, order_id, principal)
    return shipping_read(order, visible_lines(order, principal, related))


async def update_shipping(
    session: AsyncSession,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    update: ShippingUpdate,
) -> ShippingRead:
    order, related = await visible_order(session, order_id, principal, lock=True)
    if related == "buyer":
        raise OrderActionForbidden("Only a seller of the order's products or an admin ships.")
    target = LineShipping(update.status)
    if status_of(order) not in SHIPPABLE:
        raise IllegalTransition(status_of(order), target)
    lines = visible_lines(order, principal, related)
    _move_lines(lines, target, update, order)
    await _follow_lines(session, order)
    await session.flush()
    return shipping_read(order, lines)


async def _follow_lines(session: AsyncSession, order: Order) -> None:
    """Move the order once every line has come as far, and announce it."""
    states = [LineShipping(line.shipping_status) for line in order.current_lines]
    for target in order_moves(status_of(order), states):
        event: OrderShipped | OrderDelivered
        if target == OrderStatus.SHIPPED:
            via = " ".join(filter(None, [order.carrier, order.tracking_number]))
            move(order, target, f"Shipped ({via})." if via else "Shipped.")
            order.shipped_at = utcnow()
            event = OrderShipped(
                order_id=order.id,
                user_id=order.user_id,
                carrier=order.carrier,
                tracking_number=order.tracking_number,
            )
        else:
            move(order, target, "Delivered.")
            order.delivered_at = utcnow()
            event = OrderDelivered(order_id=order.id, user_id=order.user_id)
        await publish(session, event, subject_user_ids=order.subject_user_ids)


async def post_message(
    session: AsyncSession, *, principal: Principal, order_id: uuid.UUID, body: str
) -> OrderMessage:
    order, related = await visible_order(session, order_id, principal)
    message = OrderMessage(
        order_id=order.id, author_id=principal.user_id, author_role=related, body=body
    )
    session.add(message)
    await session.flush()
    return message


async def messages(
    session: AsyncSession,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    page: PageParams,
) -> dict[str, Any]:
    order, _ = await visible_order(session, order_id, principal)
    rows, cursor = await paginate(
        session,
        order_repository.messages(order.id),
        page,
        created_at=OrderMessage.created_at,
        id_column=OrderMessage.id,
    )
    return {"items": [MessageRead.model_validate(row) for row in rows], "next_cursor": cursor}
