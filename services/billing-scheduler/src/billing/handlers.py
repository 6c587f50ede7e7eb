"""Event consumers of the billing worker: the results of the card payments billing requested
(payments tags them with ``billing_charge_id`` and ``billing_attempt`` in their metadata)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from billing.clock import billing_clock
from billing.service import results
from billing.settings import Settings
from common.events.payments import PaymentEvent, PaymentFailed, PaymentSucceeded
from common.messaging.consumer import Subscriber


def _charge_of(event: PaymentEvent) -> tuple[uuid.UUID, int] | None:
    charge_id = event.metadata.get("billing_charge_id")
    attempt = event.metadata.get("billing_attempt")
    if not isinstance(charge_id, str) or not isinstance(attempt, int):
        return None
    return uuid.UUID(charge_id), attempt


def create_subscriber(settings: Settings) -> Subscriber:
    subscriber = Subscriber()
    clock = billing_clock(settings)

    @subscriber.on(PaymentSucceeded)
    async def on_payment_succeeded(event: PaymentSucceeded, session: AsyncSession) -> None:
        charge = _charge_of(event)
        if charge is not None:
            await results.succeeded(
                session, charge_id=charge[0], attempt=charge[1], payment_id=event.payment_id
            )

    @subscriber.on(PaymentFailed)
    async def on_payment_failed(event: PaymentFailed, session: AsyncSession) -> None:
        charge = _charge_of(event)
        if charge is not None:
            await results.failed(
                session,
                charge_id=charge[0],
                attempt=charge[1],
                payment_id=event.payment_id,
                failure_code=event.failure_code,
                now=await clock.now(session),
                settings=settings,
            )

    return subscriber
