"""The orders side of the stock saga: the catalog's answers to OrderPlaced, and expiry.

Revisions: each OrderPlaced carries ``order.revision``; only the answer for the current revision
moves the order. A reservation of an older revision that the catalog confirmed meanwhile is
recorded as ``confirmed_revision`` (it is what the catalog now holds), so that a failed later
change reverts to exactly what is reserved.
"""

from __future__ import annotations

import datetime as dt

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from common.events.catalog import StockRejected, StockReleased, StockReserved
from common.events.orders import ConfirmedLine, OrderConfirmed, OrderRejected
from common.messaging.outbox import publish
from orders.models import Order
from orders.repository import order_repository
from orders.service.base import move, note, status_of
from orders.service.orders import cancel_order
from orders.state import UNPAID, OrderStatus

log = structlog.get_logger("orders.saga")


def _keep_revisions_from(order: Order, revision: int) -> None:
    for line in [line for line in order.lines if line.revision < revision]:
        order.lines.remove(line)


async def publish_confirmed(session: AsyncSession, order: Order) -> None:
    """Announce the reserved lines (those of ``confirmed_revision``) and what to pay."""
    assert order.confirmed_revision is not None
    lines = order.lines_of(order.confirmed_revision)
    await publish(
        session,
        OrderConfirmed(
            order_id=order.id,
            user_id=order.user_id,
            revision=order.confirmed_revision,
            total=sum(line.amount for line in lines),
            currency=order.currency,
            lines=[
                ConfirmedLine(
                    product_id=line.product_id,
                    seller_id=line.seller_id,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    amount=line.amount,
                    name=line.name,
                )
                for line in lines
            ],
        ),
        subject_user_ids=order.subject_user_ids,
    )


class SagaService:
    async def stock_reserved(self, session: AsyncSession, event: StockReserved) -> None:
        order = await order_repository.get(session, event.order_id, lock=True)
        if order is None or status_of(order) != OrderStatus.PENDING:
            return  # settled already: a duplicate, or an answer overtaken by a cancel
        lines = {line.product_id: line for line in order.lines_of(event.revision)}
        if not lines or event.revision <= (order.confirmed_revision or 0):
            log.info("stale_stock_reserved", order_id=str(order.id), revision=event.revision)
            return  # a revision already superseded, reverted or never placed
        for reserved in event.lines:
            line = lines.get(reserved.product_id)
            if line is not None:
                line.seller_id = reserved.seller_id
                line.name = reserved.name
                line.quantity = reserved.quantity
                line.unit_price = reserved.unit_price
                line.amount = reserved.quantity * reserved.unit_price
        order.confirmed_revision = event.revision
        order.reservation_expires_at = event.expires_at
        _keep_revisions_from(order, event.revision)
        if event.revision < order.revision:
            note(
                order,
                f"Stock for revision {event.revision} reserved; "
                f"waiting for revision {order.revision}.",
            )
            return
        order.currency = event.currency
        order.total = sum(line.amount for line in order.current_lines)
        move(
            order,
            OrderStatus.AWAITING_PAYMENT,
            f"Stock reserved until {event.expires_at.isoformat()}.",
        )
        await publish_confirmed(session, order)

    async def stock_rejected(self, session: AsyncSession, event: StockRejected) -> None:
        order = await order_repository.get(session, event.order_id, lock=True)
        if order is None or status_of(order) != OrderStatus.PENDING:
            return
        if event.revision != order.revision:
            log.info("stale_stock_rejected", order_id=str(order.id), revision=event.revision)
            return
        if order.confirmed_revision is None:
            order.rejection_code = event.code
            order.rejection_reason = event.reason
            move(order, OrderStatus.REJECTED, event.reason)
            await publish(
                session,
                OrderRejected(
                    order_id=order.id,
                    user_id=order.user_id,
                    code=event.code,
                    reason=event.reason,
                    product_id=event.product_id,
                ),
                subject_user_ids=order.subject_user_ids,
            )
            return
        restored = order.confirmed_revision
        order.lines_revision = restored
        for line in [line for line in order.lines if line.revision > restored]:
            order.lines.remove(line)
        order.total = sum(line.amount for line in order.current_lines)
        move(
            order,
            OrderStatus.AWAITING_PAYMENT,
            f"Line change (revision {event.revision}) rejected: {event.reason.rstrip('.')}. "
            f"Restored the lines of revision {restored}.",
        )
        await publish_confirmed(session, order)

    async def stock_released(self, session: AsyncSession, event: StockReleased) -> None:
        if event.reason != "expired":
            return
        order = await order_repository.get(session, event.order_id, lock=True)
        if order is None or status_of(order) not in UNPAID:
            return
        await cancel_order(
            session, order, reason="expired", note="The stock reservation expired before payment."
        )

    async def expire_reservations(
        self, session: AsyncSession, *, now: dt.datetime, limit: int
    ) -> int:
        """Cancel unpaid orders whose reservation ran out; returns how many were cancelled."""
        orders = await order_repository.lock_expired(session, now=now, limit=limit)
        for order in orders:
            await cancel_order(
                session,
                order,
                reason="expired",
                note="The stock reservation expired before payment.",
            )
        return len(orders)


saga_service = SagaService()
