"""Event consumers: the order read model, and giving money back for orders that are
cancelled or refuse a payment."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.orders import (
    OrderCancelled,
    OrderConfirmed,
    OrderPaid,
    OrderPaymentRefused,
    OrderPlaced,
    OrderRejected,
)
from common.messaging.consumer import Subscriber
from payments.service import orders

subscriber = Subscriber()


@subscriber.on(OrderPlaced)
async def on_order_placed(event: OrderPlaced, session: AsyncSession) -> None:
    await orders.on_placed(session, event)


@subscriber.on(OrderConfirmed)
async def on_order_confirmed(event: OrderConfirmed, session: AsyncSession) -> None:
    await orders.on_confirmed(session, event)


@subscriber.on(OrderPaid)
async def on_order_paid(event: OrderPaid, session: AsyncSession) -> None:
    await orders.on_paid(session, event)


@subscriber.on(OrderRejected)
async def on_order_rejected(event: OrderRejected, session: AsyncSession) -> None:
    await orders.on_rejected(session, event)


@subscriber.on(OrderCancelled)
async def on_order_cancelled(event: OrderCancelled, session: AsyncSession) -> None:
    await orders.on_cancelled(session, event)


@subscriber.on(OrderPaymentRefused)
async def on_order_payment_refused(event: OrderPaymentRefused, session: AsyncSession) -> None:
    await orders.on_payment_refused(session, event)
