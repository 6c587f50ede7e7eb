"""The orders side of the stock saga: the catalog's answers to OrderPlaced, and expiry.

Revisions: each OrderPlaced carries ``order.revision``; only the answer for the current revision
moves the order. A reservation of an older revision that the catalog confirmed meanwhile is
recorded as ``confirmed_revision`` (it is what the catalog now holds), so that a failed later
change reverts to exactly what is reserved.

The answers are handled on plain rows (:mod:`orders.repository.rows`): the order and its lines
locked in one statement, the order's changes and timeline entry written in one more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from common.events.catalog import StockRejected, StockReleased, StockReserved
from common.events.orders import ConfirmedLine, OrderConfirmed, OrderRejected
from common.messaging.outbox import publish
from orders.repository import orders as order_repository
from orders.repository import rows
from orders.repository.rows import LineRow, OrderRow
from orders.service.base import check_move
from orders.service.orders import cancel_order
from orders.state import UNPAID, OrderStatus

log = structlog.get_logger("orders.saga")


async def publish_confirmed(session: AsyncSession, order: OrderRow) -> None:
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


def _confirm_lines(order: OrderRow, event: StockReserved) -> list[LineRow]:
    """The lines of ``event.revision`` that the catalog's figures change (seller, name,
    quantity, price), as they become."""
    reserved = {line.product_id: line for line in event.lines}
    changed: list[LineRow] = []
    for line in order.lines_of(event.revision):
        figures = reserved.get(line.product_id)
        if figures is None:
            continue
        confirmed = dataclasses.replace(
            line,
            seller_id=figures.seller_id,
            name=figures.name,
            quantity=figures.quantity,
            unit_price=figures.unit_price,
            amount=figures.quantity * figures.unit_price,
        )
        if confirmed != line:
            changed.append(confirmed)
    return changed


async def stock_reserved(session: AsyncSession, event: StockReserved) -> None:
    order = await rows.lock(session, event.order_id)
    if order is None or order.status != OrderStatus.PENDING:
        return  # settled already: a duplicate, or an answer overtaken by a cancel
    if not order.lines_of(event.revision) or event.revision <= (order.confirmed_revision or 0):
        log.info("stale_stock_reserved", order_id=str(order.id), revision=event.revision)
        return  # a revision already superseded, reverted or never placed
    changed = _confirm_lines(order, event)
    await rows.update_lines(session, changed)
    if any(line.revision < event.revision for line in order.lines):
        await rows.delete_lines(session, order.id, below=event.revision)
    by_id = {line.id: line for line in changed}
    order = dataclasses.replace(
        order,
        confirmed_revision=event.revision,
        lines=tuple(
            by_id.get(line.id, line) for line in order.lines if line.revision >= event.revision
        ),
    )
    changes: dict[str, object] = {
        "confirmed_revision": event.revision,
        "reservation_expires_at": event.expires_at,
    }
    now = utcnow()
    if event.revision < order.revision:
        await rows.save(
            session,
            order.id,
            changes=changes,
            status=order.status,
            note=f"Stock for revision {event.revision} reserved; "
            f"waiting for revision {order.revision}.",
            now=now,
        )
        return
    order = dataclasses.replace(order, currency=event.currency)
    changes |= {
        "currency": event.currency,
        "total": sum(line.amount for line in order.current_lines),
        "status": check_move(order.status, OrderStatus.AWAITING_PAYMENT),
    }
    await rows.save(
        session,
        order.id,
        changes=changes,
        status=OrderStatus.AWAITING_PAYMENT,
        note=f"Stock reserved until {event.expires_at.isoformat()}.",
        now=now,
    )
    await publish_confirmed(session, order)


async def stock_rejected(session: AsyncSession, event: StockRejected) -> None:
    order = await rows.lock(session, event.order_id)
    if order is None or order.status != OrderStatus.PENDING:
        return
    if event.revision != order.revision:
        log.info("stale_stock_rejected", order_id=str(order.id), revision=event.revision)
        return
    now = utcnow()
    if order.confirmed_revision is None:
        await rows.save(
            session,
            order.id,
            changes={
                "rejection_code": event.code,
                "rejection_reason": event.reason,
                "status": check_move(order.status, OrderStatus.REJECTED),
            },
            status=OrderStatus.REJECTED,
            note=event.reason,
            now=now,
        )
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
    await rows.delete_lines(session, order.id, above=restored)
    order = dataclasses.replace(
        order,
        lines_revision=restored,
        lines=tuple(line for line in order.lines if line.revision <= restored),
    )
    await rows.save(
        session,
        order.id,
        changes={
            "lines_revision": restored,
            "total": sum(line.amount for line in order.current_lines),
            "status": check_move(order.status, OrderStatus.AWAITING_PAYMENT),
        },
        status=OrderStatus.AWAITING_PAYMENT,
        note=f"Line change (revision {event.revision}) rejected: {event.reason.rstrip('.')}. "
        f"Restored the lines of revision {restored}.",
        now=now,
    )
    await publish_confirmed(session, order)


async def stock_released(session: AsyncSession, event: StockReleased) -> None:
    if event.reason != "expired":
        return
    order = await order_repository.get(session, event.order_id, lock=True)
    if order is None or OrderStatus(order.status) not in UNPAID:
        return
    await cancel_order(
        session, order, reason="expired", note="The stock reservation expired before payment."
    )


async def expire_reservations(session: AsyncSession, *, now: dt.datetime, limit: int) -> int:
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
