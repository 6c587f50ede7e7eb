"""Billing's events, published through the outbox to the subscription's owner."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from billing.models import Charge, Subscription
from common.events.billing import (
    ChargeFailed,
    ChargeRequested,
    ChargeSucceeded,
    SubscriptionCancelled,
    SubscriptionCreated,
    SubscriptionPastDue,
    SubscriptionUpdated,
)
from common.messaging.outbox import publish

SubscriptionEventType = type[
    SubscriptionCreated | SubscriptionUpdated | SubscriptionPastDue | SubscriptionCancelled
]


async def subscription_event(
    session: AsyncSession, event_type: SubscriptionEventType, sub: Subscription, **extra: Any
) -> None:
    event = event_type(
        subscription_id=sub.id,
        user_id=sub.user_id,
        status=sub.status,  # type: ignore[arg-type]
        amount=sub.amount,
        currency=sub.currency,
        frequency=sub.frequency,  # type: ignore[arg-type]
        next_charge_at=sub.next_charge_at,
        **extra,
    )
    await publish(session, event, subject_user_ids=[sub.user_id])


def _charge_fields(charge: Charge) -> dict[str, Any]:
    return {
        "charge_id": charge.id,
        "subscription_id": charge.subscription_id,
        "user_id": charge.user_id,
        "amount": charge.amount,
        "currency": charge.currency,
        "period": charge.period,
        "period_start": charge.period_start,
        "period_end": charge.period_end,
        "attempt": charge.attempts,
    }


def idempotency_key(charge: Charge) -> str:
    """One payment per charge attempt: the charge id, and the attempt for dunning retries."""
    return f"billing-charge:{charge.id}:{charge.attempts}"


async def charge_requested(session: AsyncSession, sub: Subscription, charge: Charge) -> None:
    event = ChargeRequested(
        **_charge_fields(charge),
        payment_method_id=sub.payment_method_id,
        idempotency_key=idempotency_key(charge),
        description=f"{sub.item} ({charge.period_start:%Y-%m-%d})",
    )
    await publish(session, event, subject_user_ids=[charge.user_id])


async def charge_succeeded(session: AsyncSession, charge: Charge) -> None:
    assert charge.payment_id is not None
    event = ChargeSucceeded(**_charge_fields(charge), payment_id=charge.payment_id)
    await publish(session, event, subject_user_ids=[charge.user_id])


async def charge_failed(session: AsyncSession, charge: Charge) -> None:
    event = ChargeFailed(
        **_charge_fields(charge),
        payment_id=charge.payment_id,
        failure_code=charge.failure_code or "",
        retry_at=charge.next_attempt_at,
    )
    await publish(session, event, subject_user_ids=[charge.user_id])
