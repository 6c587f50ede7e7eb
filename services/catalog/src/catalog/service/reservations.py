"""Placing stock holds for orders: every line or none, in one transaction.

The order's reservation row is locked first, then its products in id order, so racing orders
queue instead of deadlocking and no unit is ever held twice. A hold is a handful of Core
statements: lock (or create) the reservation, lock the products, then one statement that moves
the reserved units, updates the reservation and inserts its lines. A later revision of an order
replaces its hold all-or-nothing; a revision at or below the last one decided is ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import OPEN_STATUSES, ReservationStatus
from catalog.repository import reservations as repository
from catalog.repository import stock
from catalog.repository.reservations import ReservationState
from catalog.repository.stock import StockLevel
from catalog.service.events import publish_stock_changed
from common.events.catalog import RejectionCode, ReservedLine, StockRejected, StockReserved
from common.events.orders import OrderPlaced, PlacedLine
from common.messaging.consumer import PoisonMessage
from common.messaging.outbox import publish

log = structlog.get_logger("catalog.reservations")


@dataclass(frozen=True, slots=True)
class Rejection:
    code: RejectionCode
    reason: str
    product_id: uuid.UUID


def merge_lines(lines: Sequence[PlacedLine]) -> dict[uuid.UUID, int]:
    """Quantities per product (duplicate lines summed), in the order first listed."""
    wanted: dict[uuid.UUID, int] = {}
    for line in lines:
        if line.quantity <= 0:
            raise PoisonMessage(f"line for {line.product_id} has quantity {line.quantity}")
        wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity
    if not wanted:
        raise PoisonMessage("an order without lines cannot be reserved")
    return wanted


def find_rejection(
    wanted: Mapping[uuid.UUID, int],
    products: Mapping[uuid.UUID, StockLevel],
    held: Mapping[uuid.UUID, int],
    currency: str,
) -> Rejection | None:
    """Why ``wanted`` cannot be held (counting ``held`` as free again), or None.

    The most fundamental problem wins: a missing product, then a currency, then stock."""
    ordered = sorted(wanted)
    for product_id in ordered:
        product = products.get(product_id)
        if product is None or product.archived:
            name = f"'{product.name}'" if product else f"Product {product_id}"
            return Rejection("product_unavailable", f"{name} is no longer sold.", product_id)
    for product_id in ordered:
        product = products[product_id]
        if product.currency != currency:
            reason = f"'{product.name}' is priced in {product.currency}, the order in {currency}."
            return Rejection("currency_mismatch", reason, product_id)
    for product_id in ordered:
        product = products[product_id]
        free = product.available + held.get(product_id, 0)
        if free < wanted[product_id]:
            reason = (
                f"Only {max(free, 0)} of '{product.name}' available, "
                f"{wanted[product_id]} requested."
            )
            return Rejection("out_of_stock", reason, product_id)
    return None


async def place(
    session: AsyncSession, *, event: OrderPlaced, ttl: dt.timedelta, now: dt.datetime
) -> None:
    """Hold every line of ``event`` or none, replacing the order's earlier hold if any."""
    wanted = merge_lines(event.lines)
    reservation = await repository.lock_or_create(
        session, order_id=event.order_id, user_id=event.user_id
    )
    if event.revision <= reservation.last_revision or reservation.status not in OPEN_STATUSES:
        log.info(
            "order_placed_ignored",
            order_id=str(event.order_id),
            revision=event.revision,
            last_revision=reservation.last_revision,
            status=reservation.status,
        )
        return
    replace = reservation.status == ReservationStatus.HELD
    held = await repository.held_quantities(session, reservation.id) if replace else {}
    products = await stock.lock(session, wanted.keys() | held.keys())
    currency = event.currency.upper()
    rejection = find_rejection(wanted, products, held, currency)
    if rejection is not None:
        await repository.decide(session, reservation.id, revision=event.revision, now=now)
        await publish(
            session,
            StockRejected(
                order_id=event.order_id,
                user_id=event.user_id,
                revision=event.revision,
                code=rejection.code,
                reason=rejection.reason,
                product_id=rejection.product_id,
            ),
            subject_user_ids=[event.user_id],
        )
        return
    changes = {
        product_id: (0, wanted.get(product_id, 0) - held.get(product_id, 0))
        for product_id in wanted.keys() | held.keys()
    }
    expires_at = now + ttl
    await repository.hold(
        session,
        reservation,
        revision=event.revision,
        currency=currency,
        expires_at=expires_at,
        wanted=wanted,
        products=products,
        stock_changes=changes,
        replace=replace,
        now=now,
    )
    await _announce(
        session,
        reservation,
        event=event,
        currency=currency,
        expires_at=expires_at,
        wanted=wanted,
        products=products,
    )
    await publish_stock_changed(session, stock.changed(products, changes))


async def _announce(
    session: AsyncSession,
    reservation: ReservationState,
    *,
    event: OrderPlaced,
    currency: str,
    expires_at: dt.datetime,
    wanted: Mapping[uuid.UUID, int],
    products: Mapping[uuid.UUID, StockLevel],
) -> None:
    lines = [
        ReservedLine(
            product_id=product_id,
            seller_id=products[product_id].seller_id,
            name=products[product_id].name,
            quantity=quantity,
            unit_price=products[product_id].price,
            currency=products[product_id].currency,
        )
        for product_id, quantity in wanted.items()
    ]
    await publish(
        session,
        StockReserved(
            order_id=reservation.order_id,
            user_id=reservation.user_id,
            revision=event.revision,
            lines=lines,
            currency=currency,
            total=sum(line.quantity * line.unit_price for line in lines),
            expires_at=expires_at,
        ),
        subject_user_ids=[reservation.user_id, *(line.seller_id for line in lines)],
    )
