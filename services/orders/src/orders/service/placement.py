"""Placing an order and changing its lines while unpaid; both ask the catalog to reserve stock
(OrderPlaced with a new revision) and leave the order ``pending`` until it answers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.events.orders import OrderPlaced, PlacedLine
from common.messaging.outbox import publish
from orders.catalog import CatalogLookup
from orders.errors import (
    CannotRemoveLastLine,
    CartEmpty,
    OrderActionForbidden,
    OrderLineNotFound,
    OrderNotEditable,
)
from orders.models import Order, OrderLine
from orders.repository import carts as cart_repository
from orders.repository import rows
from orders.repository.rows import LineRow
from orders.schemas import OrderCreate, OrderLineRead, OrderRead, StatusEntry
from orders.service import lines as line_rules
from orders.service.base import move, note, order_read, status_of, visible_order
from orders.service.lines import ResolvedLine
from orders.state import UNPAID, OrderStatus

PLACED_NOTE = "Order placed."


def _order_lines(revision: int, lines: Sequence[ResolvedLine]) -> list[OrderLine]:
    return [
        OrderLine(
            revision=revision,
            position=position,
            product_id=line.product_id,
            seller_id=line.seller_id,
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for position, line in enumerate(lines)
    ]


async def _publish_placed(session: AsyncSession, order: Order) -> None:
    await publish(
        session,
        OrderPlaced(
            order_id=order.id,
            user_id=order.user_id,
            revision=order.revision,
            currency=order.currency,
            lines=[
                PlacedLine(product_id=line.product_id, quantity=line.quantity)
                for line in order.current_lines
            ],
        ),
        subject_user_ids=order.subject_user_ids,
    )


async def place(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    request: OrderCreate,
    catalog: CatalogLookup | None = None,
) -> OrderRead:
    if request.from_cart:
        await cart_repository.lock(session, user_id)
        cart = await cart_repository.lines(session, user_id)
        if not cart:
            raise CartEmpty()
        items = [(item.product_id, item.quantity) for item, _ in cart]
    else:
        items = [(item.product_id, item.quantity) for item in request.items or []]
    currency, lines = await line_rules.resolve(session, items, catalog=catalog)
    placed = [
        LineRow(
            id=uuid.uuid4(),
            revision=1,
            position=position,
            product_id=line.product_id,
            seller_id=line.seller_id,
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for position, line in enumerate(lines)
    ]
    order_id, now, total = uuid.uuid4(), utcnow(), line_rules.total_of(lines)
    await rows.insert_placed(
        session,
        order_id=order_id,
        user_id=user_id,
        status=OrderStatus.PENDING,
        currency=currency,
        total=total,
        shipping_address=request.shipping_address.model_dump_json(),
        lines=placed,
        note=PLACED_NOTE,
        now=now,
    )
    if request.from_cart:
        await cart_repository.clear(session, user_id)
    await publish(
        session,
        OrderPlaced(
            order_id=order_id,
            user_id=user_id,
            revision=1,
            currency=currency,
            lines=[
                PlacedLine(product_id=line.product_id, quantity=line.quantity) for line in placed
            ],
        ),
        subject_user_ids=[user_id, *(line.seller_id for line in placed)],
    )
    return OrderRead(
        id=order_id,
        user_id=user_id,
        status=OrderStatus.PENDING,
        revision=1,
        currency=currency,
        total=total,
        lines=[
            OrderLineRead(
                product_id=line.product_id,
                seller_id=line.seller_id,
                name=line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
            )
            for line in placed
        ],
        shipping_address=request.shipping_address,
        status_history=[StatusEntry(status=OrderStatus.PENDING, at=now, note=PLACED_NOTE)],
        reservation_expires_at=None,
        rejection_code=None,
        rejection_reason=None,
        payment_id=None,
        paid_amount=0,
        refunded_amount=0,
        created_at=now,
        updated_at=now,
    )


async def add_line(
    session: AsyncSession,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    product_id: uuid.UUID,
    quantity: int,
    catalog: CatalogLookup | None = None,
) -> OrderRead:
    order = await _editable(session, principal=principal, order_id=order_id)
    held = sum(line.quantity for line in order.current_lines if line.product_id == product_id)
    _, (new_line,) = await line_rules.resolve(
        session, [(product_id, held + quantity)], currency=order.currency, catalog=catalog
    )
    action = f"Added {quantity} x {new_line.name}."
    return await _revise(session, order, new_line=new_line, drop=None, action=action)


async def remove_line(
    session: AsyncSession,
    *,
    principal: Principal,
    order_id: uuid.UUID,
    product_id: uuid.UUID,
) -> OrderRead:
    order = await _editable(session, principal=principal, order_id=order_id)
    current = {line.product_id: line for line in order.current_lines}
    if product_id not in current:
        raise OrderLineNotFound()
    if len(current) == 1:
        raise CannotRemoveLastLine()
    action = f"Removed {current[product_id].name}."
    return await _revise(session, order, new_line=None, drop=product_id, action=action)


async def _editable(session: AsyncSession, *, principal: Principal, order_id: uuid.UUID) -> Order:
    order, related = await visible_order(session, order_id, principal, lock=True)
    if related != "buyer":
        raise OrderActionForbidden("Only the buyer can change an order's lines.")
    if status_of(order) not in UNPAID:
        raise OrderNotEditable(
            f"The order is {order.status}; lines change only while it is unpaid."
        )
    return order


async def _revise(
    session: AsyncSession,
    order: Order,
    *,
    new_line: ResolvedLine | None,
    drop: uuid.UUID | None,
    action: str,
) -> OrderRead:
    """Copy the current lines into a new revision with one change and ask for its stock."""
    revised: list[ResolvedLine] = []
    for line in order.current_lines:
        if line.product_id == drop:
            continue
        if new_line is not None and line.product_id == new_line.product_id:
            revised.append(new_line)
            new_line = None
        else:
            revised.append(
                ResolvedLine(
                    line.product_id, line.seller_id, line.name, line.quantity, line.unit_price
                )
            )
    if new_line is not None:
        revised.append(new_line)
    order.revision += 1
    order.lines_revision = order.revision
    order.lines.extend(_order_lines(order.revision, revised))
    order.total = line_rules.total_of(revised)
    text = f"{action} Re-reserving stock (revision {order.revision})."
    if status_of(order) == OrderStatus.AWAITING_PAYMENT:
        move(order, OrderStatus.PENDING, text)
    else:
        note(order, text)
    await session.flush()
    await _publish_placed(session, order)
    return order_read(order)
