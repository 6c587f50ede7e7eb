"""Several payments' events into the outbox in one INSERT (a batch settled together).

Each event is built as :func:`events.publish_payment` builds it: inside its payment's
correlation id and trace, addressed to the payer and the sellers it pays, counted once the
transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.events.base import Envelope
from common.messaging.context import correlated, correlation_id
from common.platform_tables import outbox
from payments import metrics
from payments.models import Payment
from payments.service.events import PaymentEventType, payment_fields

Announcement = tuple[PaymentEventType, Payment, dict[str, Any]]


def _envelope(event_type: PaymentEventType, payment: Payment, extra: dict[str, Any]) -> Envelope:
    event = event_type(**payment_fields(payment), **extra)
    with correlated(payment.correlation_id), tracing.joined(payment.traceparent):
        return Envelope.wrap(
            event,
            subject_user_ids=list(dict.fromkeys([payment.user_id, *payment.seller_ids])),
            correlation_id=correlation_id.get(),
            traceparent=tracing.traceparent(),
        )


async def publish_payments(session: AsyncSession, announcements: Sequence[Announcement]) -> None:
    if not announcements:
        return
    rows = []
    for event_type, payment, extra in announcements:
        envelope = _envelope(event_type, payment, extra)
        rows.append(
            {
                "id": envelope.id,
                "routing_key": envelope.type,
                "body": envelope.model_dump_json().encode(),
                "created_at": envelope.occurred_at,
            }
        )
        outcome = event_type.routing_key.rsplit(".", 1)[1]
        metrics.payment(session, outcome=outcome, method=payment.method, currency=payment.currency)
    await session.execute(insert(outbox), rows)
