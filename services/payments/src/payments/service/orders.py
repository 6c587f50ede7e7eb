"""The order read model (fed by the orders service's events) and the payability rules.

An order is payable only while ``awaiting_payment``: confirmed by orders with an authoritative
total, not paid, not cancelled, and no payment holding it. Events may arrive out of order;
``revision`` keeps a stale confirmation from reopening an order whose lines changed since.

The orders service decides whether a payment pays its order. A payment it refuses (a total
that changed meanwhile, an order no longer payable) is refunded, or voided if only authorized,
at once, and stops holding the order, which stays payable for its real total. Cancelling an
order refunds its payment or voids its open authorization.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.events.orders import (
    OrderCancelled,
    OrderConfirmed,
    OrderPaid,
    OrderPaymentRefused,
    OrderPlaced,
    OrderRejected,
)
from common.messaging.context import correlation_id
from payments.errors import AmountMismatch, OrderNotFound, OrderNotPayable, OrderPaymentInProgress
from payments.models import Order
from payments.repository import orders as repository
from payments.repository import payments as payments_repo
from payments.service import refunds, voids

_OPEN = ("pending", "awaiting_payment")


async def lock_payable(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    amount: int | None = None,
    currency: str | None = None,
) -> Order:
    """The caller's order, row-locked, ready to take a payment of exactly its total."""
    order = await repository.lock(session, order_id)
    if order is not None and order.user_id != user_id:
        raise OrderNotFound()
    if order is None or order.status != "awaiting_payment":
        state = "unknown here yet" if order is None else order.status
        raise OrderNotPayable(f"The order cannot be paid: it is {state}.")
    if amount is not None and (amount, currency) != (order.total, order.currency):
        raise AmountMismatch(
            f"The order's total is {order.total} {order.currency}.",
            errors=[{"loc": ["body", "amount"], "msg": "must equal the order's total"}],
        )
    holding = await payments_repo.holding_order(session, order_id)
    if holding is not None and holding.status == "succeeded":
        raise OrderNotPayable("The order cannot be paid: it is paid.")
    if holding is not None:
        raise OrderPaymentInProgress()
    return order


def seller_splits(order: Order) -> list[dict[str, Any]]:
    """The order's line amounts summed per seller: the weights a payment is shared by."""
    per_seller: dict[str, int] = defaultdict(int)
    for line in order.lines:
        per_seller[str(line["seller_id"])] += int(line["amount"])
    return [{"seller_id": seller, "amount": amount} for seller, amount in per_seller.items()]


async def on_placed(session: AsyncSession, event: OrderPlaced) -> None:
    order = await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="pending"
    )
    _remember_context(order)
    if event.revision > order.revision and order.status in _OPEN:
        order.status = "pending"
        order.revision = event.revision
        order.currency = event.currency


async def on_confirmed(session: AsyncSession, event: OrderConfirmed) -> None:
    order = await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="pending"
    )
    _remember_context(order)
    if event.revision >= order.revision and order.status in _OPEN:
        order.status = "awaiting_payment"
        order.revision = event.revision
        order.total = event.total
        order.currency = event.currency
        order.lines = [line.model_dump(mode="json") for line in event.lines]
        await session.flush()
        for payment in await payments_repo.for_order(session, event.order_id):
            if (payment.amount, payment.currency) != (event.total, event.currency):
                await voids.request(session, payment, reason="the order's total changed")


def _remember_context(order: Order) -> None:
    """The order's correlation id and trace (from the event being handled), for its payment."""
    if order.correlation_id is None:
        order.correlation_id = correlation_id.get()
        order.traceparent = tracing.traceparent()


async def on_paid(session: AsyncSession, event: OrderPaid) -> None:
    order = await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="paid"
    )
    if order.status != "cancelled":
        order.status = "paid"
        order.payment_id = event.payment_id


async def on_rejected(session: AsyncSession, event: OrderRejected) -> None:
    order = await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="rejected"
    )
    if order.status in _OPEN:
        order.status = "rejected"


async def on_cancelled(session: AsyncSession, event: OrderCancelled) -> None:
    """Close the order and refund in full whatever was paid for it (once: a refund only takes
    what is left). A payment still processing is refunded when it succeeds (settlement)."""
    order = await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="cancelled"
    )
    order.status = "cancelled"
    await session.flush()
    paid = await payments_repo.for_order(session, event.order_id)
    if event.payment_id is not None and event.payment_id not in {p.id for p in paid}:
        named = await payments_repo.get(session, event.payment_id, for_update=True)
        paid += [named] if named is not None else []
    for payment in paid:
        await refunds.refund_remaining(session, payment, reason="order_cancelled")
        await voids.request(session, payment, reason="the order was cancelled")


async def on_payment_refused(session: AsyncSession, event: OrderPaymentRefused) -> None:
    """The orders service did not take the payment: give the money back at once (a refund,
    or a void of an authorization) and free the order for a payment of its real total."""
    await repository.lock_or_create(
        session, event.order_id, user_id=event.user_id, status="pending"
    )
    payment = await payments_repo.get(session, event.payment_id, for_update=True)
    if payment is None or payment.order_id != event.order_id:
        return
    await payments_repo.mark_refused(session, payment, reason=event.reason)
    await refunds.refund_remaining(session, payment, reason=f"refused by the order: {event.reason}")
    await voids.request(session, payment, reason=f"refused by the order: {event.reason}")
