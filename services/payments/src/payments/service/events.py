"""Building and publishing payments' events (through the outbox, in the caller's transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.events.payments import (
    PaymentCanceled,
    PaymentCaptured,
    PaymentFailed,
    PaymentSucceeded,
    RefundFailed,
    RefundSucceeded,
)
from common.messaging.context import correlated
from common.messaging.outbox import publish
from payments import metrics
from payments.models import Payment, Refund

PaymentEventType = type[PaymentSucceeded | PaymentFailed | PaymentCaptured | PaymentCanceled]


def payment_fields(payment: Payment) -> dict[str, Any]:
    return {
        "payment_id": payment.id,
        "user_id": payment.user_id,
        "order_id": payment.order_id,
        "amount": payment.amount,
        "currency": payment.currency,
        "method": payment.method,
        "metadata": payment.metadata_,
    }


async def publish_payment(
    session: AsyncSession, event_type: PaymentEventType, payment: Payment, **extra: Any
) -> None:
    """Announce ``payment`` to its payer and the sellers it pays."""
    event = event_type(**payment_fields(payment), **extra)
    # Whichever process settles it (worker, provider callback), the events about a payment
    # carry its order's correlation id and continue its trace.
    with correlated(payment.correlation_id), tracing.joined(payment.traceparent):
        await publish(session, event, subject_user_ids=[payment.user_id, *payment.seller_ids])
    outcome = event_type.routing_key.rsplit(".", 1)[1]
    metrics.payment(session, outcome=outcome, method=payment.method, currency=payment.currency)


async def publish_refund_succeeded(
    session: AsyncSession, payment: Payment, refund: Refund, *, total_refunded: int
) -> None:
    event = RefundSucceeded(
        refund_id=refund.id,
        payment_id=payment.id,
        user_id=payment.user_id,
        order_id=payment.order_id,
        amount=refund.amount,
        currency=refund.currency,
        total_refunded=total_refunded,
        captured_amount=payment.captured_amount,
        fully_refunded=total_refunded >= payment.captured_amount,
    )
    await publish(session, event, subject_user_ids=[payment.user_id, *payment.seller_ids])
    metrics.refund(session, outcome="succeeded", currency=refund.currency, amount=refund.amount)


async def publish_refund_failed(session: AsyncSession, payment: Payment, refund: Refund) -> None:
    event = RefundFailed(
        refund_id=refund.id,
        payment_id=payment.id,
        user_id=payment.user_id,
        order_id=payment.order_id,
        amount=refund.amount,
        currency=refund.currency,
        failure_code=refund.failure_code or "refund_failed",
    )
    await publish(session, event, subject_user_ids=[payment.user_id, *payment.seller_ids])
    metrics.refund(session, outcome="failed", currency=refund.currency, amount=refund.amount)
