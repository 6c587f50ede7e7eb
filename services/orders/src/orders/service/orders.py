"""Reading, listing and cancelling orders."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.events.orders import OrderCancelled
from common.messaging.outbox import publish
from common.pagination import PageParams, paginate
from orders.errors import IllegalTransition, OrderActionForbidden
from orders.models import Order
from orders.repository import orders as order_repository
from orders.schemas import OrderRead
from orders.service.base import move, order_read, visible_order
from orders.state import LineShipping, OrderStatus, fulfilment


async def cancel_order(
    session: AsyncSession, order: Order, *, reason: str, note: str | None = None
) -> None:
    """Cancel (409 when illegal, or once a seller shipped its lines) and announce it; a paid
    order is refunded in full by payments and the catalog releases the stock."""
    shipped = {line.shipping_status for line in order.current_lines} - {LineShipping.NOT_SHIPPED}
    if shipped:
        raise IllegalTransition(fulfilment(LineShipping(s) for s in shipped), OrderStatus.CANCELLED)
    previous = move(order, OrderStatus.CANCELLED, note or f"Cancelled ({reason}).")
    was_paid = previous == OrderStatus.PAID
    await publish(
        session,
        OrderCancelled(
            order_id=order.id,
            user_id=order.user_id,
            reason=reason,
            was_paid=was_paid,
            payment_id=order.payment_id if was_paid else None,
            amount=order.paid_amount if was_paid else 0,
            currency=order.currency if was_paid else None,
        ),
        subject_user_ids=order.subject_user_ids,
    )


async def get(session: AsyncSession, *, principal: Principal, order_id: uuid.UUID) -> OrderRead:
    order, _ = await visible_order(session, order_id, principal)
    return order_read(order, principal)


async def list_orders(
    session: AsyncSession,
    *,
    principal: Principal,
    page: PageParams,
    status: OrderStatus | None,
    user_id: uuid.UUID | None,
    as_seller: bool,
) -> dict[str, Any]:
    if as_seller:
        if principal.role != "seller":
            raise OrderActionForbidden("Only sellers can list the orders of their products.")
        statement = order_repository.listing(
            user_id=None, seller_id=principal.user_id, status=status
        )
    else:
        owner = user_id if principal.is_admin else principal.user_id
        statement = order_repository.listing(user_id=owner, seller_id=None, status=status)
    rows, cursor = await paginate(
        session, statement, page, created_at=Order.created_at, id_column=Order.id
    )
    items = [order_read(order, principal) for order in rows]
    return {"items": items, "next_cursor": cursor}


async def cancel(
    session: AsyncSession,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    reason: str | None,
) -> OrderRead:
    order, related = await visible_order(session, order_id, principal, lock=True)
    if related == "seller":
        raise OrderActionForbidden("Only the buyer or an admin can cancel an order.")
    who = "buyer" if related == "buyer" else "admin"
    text = f"Cancelled by the {who}" + (f": {reason}" if reason else ".")
    await cancel_order(session, order, reason=f"requested_by_{who}", note=text)
    await session.flush()
    return order_read(order, principal)
