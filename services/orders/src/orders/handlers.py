"""Event consumers of the orders worker: the product read model, the stock saga, payments."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.catalog import (
    ProductArchived,
    ProductCreated,
    ProductUpdated,
    StockChanged,
    StockRejected,
    StockReleased,
    StockReserved,
)
from common.events.payments import PaymentFailed, PaymentSucceeded, RefundSucceeded
from common.messaging.consumer import Subscriber
from orders.service import payment as payment_service
from orders.service import products as product_service
from orders.service import saga as saga_service

subscriber = Subscriber()


@subscriber.on(ProductCreated)
async def on_product_created(event: ProductCreated, session: AsyncSession) -> None:
    await product_service.snapshot(session, event)


@subscriber.on(ProductUpdated)
async def on_product_updated(event: ProductUpdated, session: AsyncSession) -> None:
    await product_service.snapshot(session, event)


@subscriber.on(ProductArchived)
async def on_product_archived(event: ProductArchived, session: AsyncSession) -> None:
    await product_service.archived(session, event)


@subscriber.on(StockChanged)
async def on_stock_changed(event: StockChanged, session: AsyncSession) -> None:
    await product_service.stock_changed(session, event)


@subscriber.on(StockReserved)
async def on_stock_reserved(event: StockReserved, session: AsyncSession) -> None:
    await saga_service.stock_reserved(session, event)


@subscriber.on(StockRejected)
async def on_stock_rejected(event: StockRejected, session: AsyncSession) -> None:
    await saga_service.stock_rejected(session, event)


@subscriber.on(StockReleased)
async def on_stock_released(event: StockReleased, session: AsyncSession) -> None:
    await saga_service.stock_released(session, event)


@subscriber.on(PaymentSucceeded)
async def on_payment_succeeded(event: PaymentSucceeded, session: AsyncSession) -> None:
    await payment_service.payment_succeeded(session, event)


@subscriber.on(PaymentFailed)
async def on_payment_failed(event: PaymentFailed, session: AsyncSession) -> None:
    await payment_service.payment_failed(session, event)


@subscriber.on(RefundSucceeded)
async def on_refund_succeeded(event: RefundSucceeded, session: AsyncSession) -> None:
    await payment_service.refund_succeeded(session, event)
