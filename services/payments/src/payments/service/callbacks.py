"""Server-to-server notifications from the provider.

A notification is only a hint that something changed: after its signature is verified, the
payment's state is asked of the provider (status re-check) and applied through settlement,
never taken from the notification's body.

The worker settles a card payment from the provider's synchronous answer, so most callbacks
confirm a payment already settled and cost one read. A callback that overtakes the worker's
first attempt (the provider notifies as soon as it commits, before its answer reaches the
worker) is acknowledged without a re-check: that attempt's answer settles the payment, and if
it never comes the lease runs out and the worker's next attempt starts with a status re-check.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.errors import InvalidCallbackSignature, MalformedCallback, ProviderUnavailable
from payments.models import Payment
from payments.provider.base import CallbackNotice, PaymentProvider, ProviderError
from payments.repository import payments as payments_repo
from payments.schemas import CallbackReceived
from payments.service import settlement

log = structlog.get_logger("payments.callbacks")


def verify(provider: PaymentProvider, *, headers: Mapping[str, str], body: bytes) -> CallbackNotice:
    try:
        json.loads(body)
    except ValueError:
        raise MalformedCallback() from None
    try:
        return provider.verify_callback(headers=headers, body=body)
    except ValueError:
        # Forged, tampered with, or replayed outside the provider's tolerance.
        raise InvalidCallbackSignature() from None


def first_attempt_in_flight(payment: Payment) -> bool:
    """A worker holds the lease of the payment's first attempt (no retry was scheduled)."""
    return (
        payment.status == "processing"
        and payment.attempts == 1
        and payment.last_error is None
        and payment.next_attempt_at is not None
        and payment.next_attempt_at > utcnow()
    )


async def handle(
    session: AsyncSession, provider: PaymentProvider, notice: CallbackNotice
) -> CallbackReceived:
    try:
        payment_id = uuid.UUID(notice.reference)
    except ValueError:
        payment_id = None
    payment = await payments_repo.get(session, payment_id) if payment_id else None
    if payment is None:
        # Acknowledged so the provider stops retrying; nothing of ours to update.
        log.warning("callback_for_unknown_reference", reference=notice.reference)
        return CallbackReceived(reference=notice.reference, status=None)
    if first_attempt_in_flight(payment):
        return CallbackReceived(reference=notice.reference, status=payment.status)
    try:
        payment = await settlement.reconcile(
            session, provider, payment=payment, source="provider callback"
        )
    except ProviderError as exc:
        raise ProviderUnavailable() from exc
    return CallbackReceived(reference=notice.reference, status=payment.status)
