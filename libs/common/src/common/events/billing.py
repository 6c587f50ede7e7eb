"""Events produced by the billing scheduler (recurring payments)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from common.events.base import Event

Frequency = Literal["daily", "weekly", "monthly", "yearly"]
SubscriptionStatus = Literal["active", "paused", "past_due", "cancelled"]


class SubscriptionEvent(Event):
    subscription_id: uuid.UUID
    user_id: uuid.UUID
    status: SubscriptionStatus
    amount: int
    currency: str
    frequency: Frequency
    next_charge_at: dt.datetime | None = None


class SubscriptionCreated(SubscriptionEvent):
    routing_key = "billing.subscription.created"


class SubscriptionUpdated(SubscriptionEvent):
    """Paused, resumed, its card changed, or set to end at the period's end."""

    routing_key = "billing.subscription.updated"
    change: str = ""


class SubscriptionPastDue(SubscriptionEvent):
    """A charge failed for good (hard decline, or dunning ran out): the owner should set a new
    card (``PATCH payment_method_id``), which retries at once."""

    routing_key = "billing.subscription.past_due"
    failure_code: str = ""


class SubscriptionCancelled(SubscriptionEvent):
    routing_key = "billing.subscription.cancelled"
    reason: str = ""


class ChargeEvent(Event):
    charge_id: uuid.UUID
    subscription_id: uuid.UUID
    user_id: uuid.UUID
    amount: int
    currency: str
    period: int
    period_start: dt.datetime
    period_end: dt.datetime
    attempt: int


class ChargeRequested(ChargeEvent):
    """Payments charges ``payment_method_id`` with ``idempotency_key`` (one payment per key)."""

    routing_key = "billing.charge.requested"
    payment_method_id: uuid.UUID
    idempotency_key: str
    description: str = ""


class ChargeSucceeded(ChargeEvent):
    routing_key = "billing.charge.succeeded"
    payment_id: uuid.UUID


class ChargeFailed(ChargeEvent):
    """``retry_at`` is when dunning tries again (None: no retry)."""

    routing_key = "billing.charge.failed"
    payment_id: uuid.UUID | None = None
    failure_code: str
    retry_at: dt.datetime | None = None
