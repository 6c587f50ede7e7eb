"""After payment: shipping by the sellers of an order's lines, and its support thread."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.events.orders import OrderDelivered, OrderShipped
from common.messaging.outbox import publish
from common.pagination import PageParams, paginate
from orders.errors import OrderActionForbidden
from orders.models import Order, OrderMessage
from orders.repository import order_repository
from orders.schemas import MessageRead, ShippingAddress, ShippingRead, ShippingUpdate
from orders.service.base import move, status_of, visible_order
from orders.state import OrderStatus


def shipping_read(order: Order) -> ShippingRead:
    return ShippingRead(
        status="delivered"
        if order.delivered_at
        else "shipped"
        if order.shipped_at
        else "not_shipped",
        order_status=status_of(order),
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        shipped_at=order.shipped_at,
        delivered_at=order.delivered_at,
        address=ShippingAddress.model_validate(order.shipping_address),
    )


class FulfilmentService:
    async def shipping(
        self, session: AsyncSession, *, principal: Principal, order_id: uuid.UUID
    ) -> ShippingRead:
        order, _ = await visible_order(session, order_id, principal)
        return shipping_read(order)

    async def update_shipping(
        self,
        session: AsyncSession,
        *,
        principal: Principal,
        order_id: uuid.UUID,
        update: ShippingUpdate,
    ) -> ShippingRead:
        order, related = await visible_order(session, order_id, principal, lock=True)
        if related == "buyer":
            raise OrderActionForbidden("Only a seller of the order's products or an admin ships.")
        subjects = order.subject_user_ids
        if update.status == "shipped":
            via = " ".join(filter(None, [update.carrier, update.tracking_number]))
            move(order, OrderStatus.SHIPPED, f"Shipped ({via})." if via else "Shipped.")
            order.carrier = update.carrier or order.carrier
            order.tracking_number = update.tracking_number or order.tracking_number
            order.shipped_at = utcnow()
            event: OrderShipped | OrderDelivered = OrderShipped(
                order_id=order.id,
                user_id=order.user_id,
                carrier=order.carrier,
                tracking_number=order.tracking_number,
            )
        else:
            move(order, OrderStatus.DELIVERED, "Delivered.")
            order.carrier = update.carrier or order.carrier
            order.tracking_number = update.tracking_number or order.tracking_number
            order.delivered_at = utcnow()
            event = OrderDelivered(order_id=order.id, user_id=order.user_id)
        await publish(session, event, subject_user_ids=subjects)
        await session.flush()
        return shipping_read(order)

    async def post_message(
        self, session: AsyncSession, *, principal: Principal, order_id: uuid.UUID, body: str
    ) -> OrderMessage:
        order, related = await visible_order(session, order_id, principal)
        message = OrderMessage(
            order_id=order.id, author_id=principal.user_id, author_role=related, body=body
        )
        session.add(message)
        await session.flush()
        return message

    async def messages(
        self,
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


fulfilment_service = FulfilmentService()
