"""Charges the billing scheduler requests: each becomes one card payment on the saved card.

The request's ``idempotency_key`` names the payment (a UUIDv5 of it is the payment id), so a
redelivered or repeated request never makes a second payment. The result goes back to billing
as the usual ``payments.payment.succeeded|failed``, with the charge in the payment's metadata.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.billing import ChargeRequested
from payments.repository import methods as methods_repo
from payments.repository import payments as repository
from payments.service import settlement
from payments.service.payments import insert, new_payment, use_card

_NAMESPACE = uuid.UUID("6f1d7c2e-3a0b-4c8e-9a57-0b3c1d2e4f60")


def payment_id_for(idempotency_key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, idempotency_key)


async def on_charge_requested(session: AsyncSession, event: ChargeRequested) -> None:
    payment_id = payment_id_for(event.idempotency_key)
    if await repository.get(session, payment_id) is not None:
        return
    payment = new_payment(
        user_id=event.user_id,
        amount=event.amount,
        currency=event.currency,
        order=None,
        method="card",
        detail="requested by billing",
        description=event.description or None,
        metadata={
            "billing_charge_id": str(event.charge_id),
            "billing_attempt": event.attempt,
            "subscription_id": str(event.subscription_id),
        },
    )
    payment.id = payment_id
    method = await methods_repo.get_own(session, event.payment_method_id, user_id=event.user_id)
    if method is not None:
        use_card(payment, token=method.token, brand=method.brand, last4=method.last4)
        payment.payment_method_id = method.id
    await insert(session, payment)
    if method is None:
        await settlement.apply_result(
            session,
            payment_id=payment.id,
            result=settlement.failed_result(
                payment, "payment_method_unavailable", "The saved card no longer exists."
            ),
            source="billing",
        )
