"""How a hold ends: sold when the order is paid, released when it is cancelled or expires, and
put back into stock when a paid order is cancelled (it is refunded and never shipped)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product, Reservation, ReservationStatus
from catalog.repository import product_repository, reservation_repository
from catalog.service.events import publish_stock_changed
from common.events.catalog import StockReleased
from common.messaging.outbox import publish

log = structlog.get_logger("catalog.fulfilment")


async def _release(
    session: AsyncSession, reservations: Sequence[Reservation], *, status: ReservationStatus
) -> list[Product]:
    """Give back what ``reservations`` (locked, held) reserve; returns the products touched."""
    lines = await reservation_repository.lines(session, [r.id for r in reservations])
    products = await product_repository.lock_many(session, {line.product_id for line in lines})
    for line in lines:
        products[line.product_id].reserved -= line.quantity
    for reservation in reservations:
        reservation.status = status
    await session.flush()
    return list(products.values())


class FulfilmentService:
    async def sell(self, session: AsyncSession, *, order_id: uuid.UUID) -> None:
        """The order was paid: its held units leave stock for good."""
        reservation = await reservation_repository.lock(session, order_id)
        if reservation is None or reservation.status != ReservationStatus.HELD:
            log.info(
                "order_paid_without_hold",
                order_id=str(order_id),
                status=reservation.status if reservation else None,
            )
            return
        lines = await reservation_repository.lines(session, [reservation.id])
        products = await product_repository.lock_many(session, {line.product_id for line in lines})
        for line in lines:
            product = products[line.product_id]
            product.stock -= line.quantity
            product.reserved -= line.quantity
        reservation.status = ReservationStatus.SOLD
        await session.flush()
        await publish_stock_changed(session, products.values())

    async def cancel(
        self, session: AsyncSession, *, order_id: uuid.UUID, user_id: uuid.UUID
    ) -> None:
        """Release a held order; restock a sold one. A cancellation that arrives before any
        hold leaves a closed reservation behind, so a late ``OrderPlaced`` reserves nothing."""
        reservation = await reservation_repository.lock_or_create(
            session, order_id=order_id, user_id=user_id
        )
        if reservation.status == ReservationStatus.REJECTED:
            reservation.status = ReservationStatus.RELEASED
        elif reservation.status == ReservationStatus.HELD:
            products = await _release(session, [reservation], status=ReservationStatus.RELEASED)
            await publish(
                session,
                StockReleased(order_id=order_id, user_id=reservation.user_id, reason="cancelled"),
                subject_user_ids=[reservation.user_id],
            )
            await publish_stock_changed(session, products)
        elif reservation.status == ReservationStatus.SOLD:
            await self._restock(session, reservation)
        else:
            log.info("order_cancelled_already_closed", order_id=str(order_id))

    async def expire_due(self, session: AsyncSession, *, now: dt.datetime, limit: int) -> int:
        """Release up to ``limit`` holds past their expiry; returns how many.

        Rows are claimed with SKIP LOCKED, so several workers share the work."""
        claimed = await reservation_repository.claim_expired(session, now=now, limit=limit)
        if not claimed:
            return 0
        products = await _release(session, claimed, status=ReservationStatus.EXPIRED)
        for reservation in claimed:
            await publish(
                session,
                StockReleased(
                    order_id=reservation.order_id, user_id=reservation.user_id, reason="expired"
                ),
                subject_user_ids=[reservation.user_id],
            )
        await publish_stock_changed(session, products)
        log.info("reservations_expired", count=len(claimed))
        return len(claimed)

    async def _restock(self, session: AsyncSession, reservation: Reservation) -> None:
        lines = await reservation_repository.lines(session, [reservation.id])
        products = await product_repository.lock_many(session, {line.product_id for line in lines})
        for line in lines:
            products[line.product_id].stock += line.quantity
        reservation.status = ReservationStatus.RETURNED
        await session.flush()
        await publish_stock_changed(session, products.values())


fulfilment_service = FulfilmentService()
