"""The orders side of payments: a succeeded payment pays the order, a failure is noted, refunds
move a paid order to ``refunded`` or ``partially_refunded``.

A payment pays the order only if the order awaits payment and what was *captured* equals its
total (an authorization, or a short capture, never pays an order). Any other payment (a stale
total after a line change, an order no longer payable) is refused with
``orders.order.payment_refused``, and payments gives the money back at once; the order stays
payable for its real total.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.orders import OrderPaid, OrderPaymentRefused
from common.events.payments import PaymentFailed, PaymentSucceeded, RefundSucceeded
from common.messaging.outbox import publish
from common.money import format_amount
from orders.models import Order
from orders.repository import order_repository
from orders.service.base import move, note, status_of
from orders.state import REFUNDABLE, UNPAID, OrderStatus


class PaymentService:
    async def payment_succeeded(self, session: AsyncSession, event: PaymentSucceeded) -> None:
        order = await self._order(session, event.order_id)
        if order is None or order.payment_id == event.payment_id:
            return
        money = format_amount(event.captured_amount, event.currency)
        if status_of(order) != OrderStatus.AWAITING_PAYMENT:
            await self._refuse(order, event, session, reason=f"the order is {order.status}")
            return
        if event.currency != order.currency or event.captured_amount != order.total:
            due = format_amount(order.total, order.currency)
            await self._refuse(
                order, event, session, reason=f"{money} captured, the order's total is {due}"
            )
            return
        order.payment_id = event.payment_id
        order.paid_amount = event.captured_amount
        move(order, OrderStatus.PAID, f"Paid {money} (payment {event.payment_id}).")
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
        self, order: Order, event: PaymentSucceeded, session: AsyncSession, *, reason: str
    ) -> None:
        note(order, f"Payment {event.payment_id} was not applied ({reason}); it is given back.")
        await publish(
            session,
            OrderPaymentRefused(
                order_id=order.id, user_id=order.user_id, payment_id=event.payment_id, reason=reason
            ),
            subject_user_ids=[order.user_id],
        )

    async def payment_failed(self, session: AsyncSession, event: PaymentFailed) -> None:
        order = await self._order(session, event.order_id)
        if order is None or status_of(order) not in UNPAID:
            return
        detail = f": {event.failure_message}" if event.failure_message else ""
        note(
            order,
            f"Payment {event.payment_id} failed ({event.failure_code}){detail}. "
            "The buyer may try again.",
        )

    async def refund_succeeded(self, session: AsyncSession, event: RefundSucceeded) -> None:
        order = await self._order(session, event.order_id)
        if order is None or order.payment_id != event.payment_id:
            return
        if event.total_refunded <= order.refunded_amount:
            return  # a duplicate, or overtaken by a later refund
        order.refunded_amount = event.total_refunded
        text = f"Refunded {format_amount(event.amount, event.currency)} (refund {event.refund_id})."
        target = OrderStatus.REFUNDED if event.fully_refunded else OrderStatus.PARTIALLY_REFUNDED
        if status_of(order) in REFUNDABLE and status_of(order) != target:
            move(order, target, text)
        else:
            note(order, text)

    async def _order(self, session: AsyncSession, order_id: uuid.UUID | None) -> Order | None:
        if order_id is None:
            return None
        return await order_repository.get(session, order_id, lock=True)


payment_service = PaymentService()
