"""Placing stock holds for orders: every line or none, in one transaction.

The order's reservation row is locked first, then its products in id order, so racing orders
queue instead of deadlocking and no unit is ever held twice. A later revision of an order
replaces its hold all-or-nothing; a revision at or below the last one decided is ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import OPEN_STATUSES, Product, Reservation, ReservationStatus
from catalog.repository import product_repository, reservation_repository
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
    products: Mapping[uuid.UUID, Product],
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


class ReservationService:
    async def place(
        self, session: AsyncSession, *, event: OrderPlaced, ttl: dt.timedelta, now: dt.datetime
    ) -> None:
        """Hold every line of ``event`` or none, replacing the order's earlier hold if any."""
        wanted = merge_lines(event.lines)
        reservation = await reservation_repository.lock_or_create(
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
        reservation.last_revision = event.revision
        held_lines = (
            await reservation_repository.lines(session, [reservation.id])
            if reservation.status == ReservationStatus.HELD
            else []
        )
        held = {line.product_id: line.quantity for line in held_lines}
        products = await product_repository.lock_many(session, wanted.keys() | held.keys())
        currency = event.currency.upper()
        rejection = find_rejection(wanted, products, held, currency)
        if rejection is not None:
            await session.flush()
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
        await self._hold(
            session, reservation, event=event, wanted=wanted, held=held, products=products
        )
        reservation.currency = currency
        reservation.expires_at = now + ttl
        await session.flush()
        await self._announce(session, reservation, wanted=wanted, held=held, products=products)

    async def _hold(
        self,
        session: AsyncSession,
        reservation: Reservation,
        *,
        event: OrderPlaced,
        wanted: Mapping[uuid.UUID, int],
        held: Mapping[uuid.UUID, int],
        products: Mapping[uuid.UUID, Product],
    ) -> None:
        for product_id, quantity in held.items():
            products[product_id].reserved -= quantity
        for product_id, quantity in wanted.items():
            products[product_id].reserved += quantity
        await reservation_repository.replace_lines(
            session,
            reservation.id,
            [
                {
                    "product_id": product_id,
                    "quantity": quantity,
                    "unit_price": products[product_id].price,
                    "currency": products[product_id].currency,
                    "seller_id": products[product_id].seller_id,
                    "name": products[product_id].name,
                }
                for product_id, quantity in wanted.items()
            ],
        )
        reservation.status = ReservationStatus.HELD
        reservation.revision = event.revision

    async def _announce(
        self,
        session: AsyncSession,
        reservation: Reservation,
        *,
        wanted: Mapping[uuid.UUID, int],
        held: Mapping[uuid.UUID, int],
        products: Mapping[uuid.UUID, Product],
    ) -> None:
        assert reservation.expires_at is not None
        assert reservation.currency is not None
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
                revision=reservation.revision,
                lines=lines,
                currency=reservation.currency,
                total=sum(line.quantity * line.unit_price for line in lines),
                expires_at=reservation.expires_at,
            ),
            subject_user_ids=[reservation.user_id, *(line.seller_id for line in lines)],
        )
        changed = [
            products[product_id]
            for product_id in wanted.keys() | held.keys()
            if wanted.get(product_id, 0) != held.get(product_id, 0)
        ]
        await publish_stock_changed(session, changed)


reservation_service = ReservationService()
