"""How a hold ends: sold when the order is paid, released when it is cancelled or expires, and
put back into stock when a paid order is cancelled (it is refunded and never shipped).

Lock order as everywhere in the saga: the reservation row, then its products in id order."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import ReservationStatus
from catalog.repository import reservations as repository
from catalog.repository import stock
from catalog.repository.reservations import ReservationState
from catalog.repository.stock import StockLevel
from catalog.service.events import publish_stock_changed
from common.events.catalog import StockReleased
from common.messaging.outbox import publish

log = structlog.get_logger("catalog.fulfilment")


async def _give_back(
    session: AsyncSession,
    reservation_ids: Sequence[uuid.UUID],
    *,
    stock_delta: int,
    reserved_delta: int,
    now: dt.datetime,
) -> list[StockLevel]:
    """Move each held line's quantity (times the deltas' signs) for the locked reservations;
    returns the products' levels after the change."""
    lines, levels = await stock.lock_lines(session, reservation_ids)
    changes: dict[uuid.UUID, tuple[int, int]] = {}
    for line in lines:
        stock_before, reserved_before = changes.get(line.product_id, (0, 0))
        changes[line.product_id] = (
            stock_before + stock_delta * line.quantity,
            reserved_before + reserved_delta * line.quantity,
        )
    await stock.change(session, changes, now=now)
    return stock.changed(levels, changes)


async def sell(session: AsyncSession, *, order_id: uuid.UUID, now: dt.datetime) -> None:
    """The order was paid: its held units leave stock for good."""
    reservation_id = await repository.move(
        session, order_id, source=ReservationStatus.HELD, target=ReservationStatus.SOLD, now=now
    )
    if reservation_id is None:
        log.info(
            "order_paid_without_hold",
            order_id=str(order_id),
            status=await repository.status_of(session, order_id),
        )
        return
    levels = await _give_back(session, [reservation_id], stock_delta=-1, reserved_delta=-1, now=now)
    await publish_stock_changed(session, levels)


async def cancel(
    session: AsyncSession, *, order_id: uuid.UUID, user_id: uuid.UUID, now: dt.datetime
) -> None:
    """Release a held order; restock a sold one. A cancellation that arrives before any
    hold leaves a closed reservation behind, so a late ``OrderPlaced`` reserves nothing."""
    reservation = await repository.lock_or_create(session, order_id=order_id, user_id=user_id)
    if reservation.status == ReservationStatus.REJECTED:
        await repository.set_status(session, [reservation.id], ReservationStatus.RELEASED, now=now)
    elif reservation.status == ReservationStatus.HELD:
        levels = await _release(session, [reservation], ReservationStatus.RELEASED, now=now)
        await publish(
            session,
            StockReleased(order_id=order_id, user_id=reservation.user_id, reason="cancelled"),
            subject_user_ids=[reservation.user_id],
        )
        await publish_stock_changed(session, levels)
    elif reservation.status == ReservationStatus.SOLD:
        await repository.set_status(session, [reservation.id], ReservationStatus.RETURNED, now=now)
        levels = await _give_back(
            session, [reservation.id], stock_delta=1, reserved_delta=0, now=now
        )
        await publish_stock_changed(session, levels)
    else:
        log.info("order_cancelled_already_closed", order_id=str(order_id))


async def expire_due(session: AsyncSession, *, now: dt.datetime, limit: int) -> int:
    """Release up to ``limit`` holds past their expiry; returns how many.

    Rows are claimed with SKIP LOCKED, so several workers share the work."""
    claimed = await repository.claim_expired(session, now=now, limit=limit)
    if not claimed:
        return 0
    levels = await _release(session, claimed, ReservationStatus.EXPIRED, now=now)
    for reservation in claimed:
        await publish(
            session,
            StockReleased(
                order_id=reservation.order_id, user_id=reservation.user_id, reason="expired"
            ),
            subject_user_ids=[reservation.user_id],
        )
    await publish_stock_changed(session, levels)
    log.info("reservations_expired", count=len(claimed))
    return len(claimed)


async def _release(
    session: AsyncSession,
    reservations: Sequence[ReservationState],
    status: ReservationStatus,
    *,
    now: dt.datetime,
) -> list[StockLevel]:
    """Give back what ``reservations`` (locked, held) reserve and close them with ``status``."""
    ids = [reservation.id for reservation in reservations]
    await repository.set_status(session, ids, status, now=now)
    return await _give_back(session, ids, stock_delta=0, reserved_delta=-1, now=now)
