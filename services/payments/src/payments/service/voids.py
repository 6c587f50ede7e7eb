"""Voiding authorizations: on request (``POST /payments/{id}/cancel``) or automatically when
the order can no longer take them (cancelled, or its total changed), by the worker.

An automatic void is a request recorded in the transaction that decided it
(``void_requested_at``, due now); the worker voids at the provider outside any transaction and
settles here. A payment marked for voiding can no longer be captured.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.payments import PaymentCanceled
from payments.models import Payment
from payments.repository import jobs
from payments.repository import orders as orders_repo
from payments.repository import payments as repository
from payments.service import events


async def request(session: AsyncSession, payment: Payment, *, reason: str) -> bool:
    """Have the worker void ``payment`` if it is an open authorization (once)."""
    if payment.status != "requires_capture":
        return False
    requested = await repository.request_void(session, payment.id, reason=reason)
    if requested:
        await jobs.notify_due(session)
    return requested


async def mark_voided(
    session: AsyncSession, payment_id: uuid.UUID, *, detail: str
) -> Payment | None:
    """The provider voided the authorization: ``canceled`` and announced, once."""
    payment = await repository.get(session, payment_id)
    if payment is None or payment.status != "requires_capture":
        return None
    if payment.order_id is not None:
        await orders_repo.lock(session, payment.order_id)  # lock order: order, then payment
    canceled = await repository.transition(
        session,
        payment_id,
        from_statuses=("requires_capture",),
        to_status="canceled",
        detail=detail,
    )
    if canceled is not None:
        await events.publish_payment(session, PaymentCanceled, canceled)
    return canceled
