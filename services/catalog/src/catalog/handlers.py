"""The catalog's side of the stock saga: one handler per order event, each run by the inbox in
one transaction with the event's inbox row (a redelivered event has no second effect)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.service import fulfilment, reservations
from catalog.settings import Settings
from common.db import utcnow
from common.events.orders import OrderCancelled, OrderPaid, OrderPlaced
from common.messaging.consumer import Subscriber


def create_subscriber(settings: Settings) -> Subscriber:
    """The handlers, bound to ``settings`` (the reservation time-to-live)."""
    subscriber = Subscriber()

    @subscriber.on(OrderPlaced)
    async def on_order_placed(event: OrderPlaced, session: AsyncSession) -> None:
        await reservations.place(session, event=event, ttl=settings.reservation_ttl, now=utcnow())

    @subscriber.on(OrderPaid)
    async def on_order_paid(event: OrderPaid, session: AsyncSession) -> None:
        await fulfilment.sell(session, order_id=event.order_id, now=utcnow())

    @subscriber.on(OrderCancelled)
    async def on_order_cancelled(event: OrderCancelled, session: AsyncSession) -> None:
        await fulfilment.cancel(
            session, order_id=event.order_id, user_id=event.user_id, now=utcnow()
        )

    return subscriber
