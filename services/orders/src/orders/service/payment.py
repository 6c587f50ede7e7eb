"""The orders side of payments: a succeeded payment pays the order, a failure is noted, refunds
move a paid order to ``refunded`` or ``partially_refunded``.

A payment pays the order only if the order awaits payment and what was *captured* equals its
total (an authorization, or a short capture, never pays an order). Any other payment (a stale
total after a line change, an order no longer payable) is refused with
``orders.order.payment_refused``, and payments gives the money back at once; the order stays
payable for its real total.

Each event is handled on plain rows (:mod:`orders.repository.rows`): the order locked with its
lines in one statement, its changes and timeline entry written in one more.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from common.events.orders import OrderPaid, OrderPaymentRefused
from common.events.payments import PaymentFailed, PaymentSucceeded, RefundSucceeded
from common.messaging.outbox import publish
from common.money import format_amount
from orders.repository import rows
from orders.repository.rows import OrderRow
from orders.service.base import check_move
from orders.state import REFUNDABLE, UNPAID, OrderStatus


async def payment_succeeded(session: AsyncSession, event: PaymentSucceeded) -> None:
    order = await _order(session, event.order_id)
    if order is None or order.payment_id == event.payment_id:
        return
    money = format_amount(event.captured_amount, event.currency)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        await _refuse(session, order, event, reason=f"the order is {order.status}")
        return
    if event.currency != order.currency or event.captured_amount != order.total:
        due = format_amount(order.total, order.currency)
        await _refuse(session, order, event, reason=f"{money} captured, the order's total is {due}")
        return
    await rows.save(
        session,
        order.id,
        changes={
            "payment_id": event.payment_id,
            "paid_amount": event.captured_amount,
            "status": check_move(order.status, OrderStatus.PAID),
        },
        status=OrderStatus.PAID,
        note=f"Paid {money} (payment {event.payment_id}).",
        now=utcnow(),
    )
    await publish(
        session,
        OrderPaid(
            order_id=order.id,
            user_id=order.user_id,
            payment_id=event.payment_id,
            amount=event.captured_amount,
            currency=event.currency,
            seller_ids=order.seller_ids,
        ),
        subject_user_ids=order.subject_user_ids,
    )


async def _refuse(
    session: AsyncSession, order: OrderRow, event: PaymentSucceeded, *, reason: str
) -> None:
    await rows.save(
        session,
        order.id,
        changes={},
        status=order.status,
        note=f"Payment {event.payment_id} was not applied ({reason}); it is given back.",
        now=utcnow(),
    )
    await publish(
        session,
        OrderPaymentRefused(
            order_id=order.id, user_id=order.user_id, payment_id=event.payment_id, reason=reason
        ),
        subject_user_ids=[order.user_id],
    )


async def payment_failed(session: AsyncSession, event: PaymentFailed) -> None:
    order = await _order(session, event.order_id)
    if order is None or OrderStatus(order.status) not in UNPAID:
        return
    detail = f": {event.failure_message}" if event.failure_message else ""
    await rows.save(
        session,
        order.id,
        changes={},
        status=order.status,
        note=f"Payment {event.payment_id} failed ({event.failure_code}){detail}. "
        "The buyer may try again.",
        now=utcnow(),
    )


async def refund_succeeded(session: AsyncSession, event: RefundSucceeded) -> None:
    order = await _order(session, event.order_id)
    if order is None or order.payment_id != event.payment_id:
        return
    if event.total_refunded <= order.refunded_amount:
        return  # a duplicate, or overtaken by a later refund
    text = f"Refunded {format_amount(event.amount, event.currency)} (refund {event.refund_id})."
    target = OrderStatus.REFUNDED if event.fully_refunded else OrderStatus.PARTIALLY_REFUNDED
    status = OrderStatus(order.status)
    changes: dict[str, object] = {"refunded_amount": event.total_refunded}
    if status in REFUNDABLE and status != target:
        changes["status"] = status = check_move(status, target)
    await rows.save(session, order.id, changes=changes, status=status, note=text, now=utcnow())


async def _order(session: AsyncSession, order_id: uuid.UUID | None) -> OrderRow | None:
    if order_id is None:
        return None
    return await rows.lock(session, order_id)
