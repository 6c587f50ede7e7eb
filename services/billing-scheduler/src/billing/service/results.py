"""The results of charges: payments' ``payment.succeeded|failed`` for a billing charge.

A result counts only for the attempt it answers (a late answer to an older attempt, or a
redelivery, changes nothing). Success moves the subscription to its next period (due at once
if it already started: catch-up); failure follows the dunning policy (billing.policy).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from billing import calendar, policy
from billing import repository as repo
from billing.models import Charge, Subscription
from billing.service import events
from billing.service.subscriptions import DUE_CHANNEL
from billing.settings import Settings
from common.duework import notify
from common.events.billing import SubscriptionPastDue, SubscriptionUpdated


async def _locked(
    session: AsyncSession, charge_id: uuid.UUID, attempt: int
) -> tuple[Charge, Subscription] | None:
    charge = await repo.get_charge(session, charge_id, for_update=True)
    if charge is None or charge.status != "requested" or charge.attempts != attempt:
        return None
    sub = await repo.get_subscription(session, charge.subscription_id, for_update=True)
    assert sub is not None
    return charge, sub


async def succeeded(
    session: AsyncSession, *, charge_id: uuid.UUID, attempt: int, payment_id: uuid.UUID
) -> None:
    locked = await _locked(session, charge_id, attempt)
    if locked is None:
        return
    charge, sub = locked
    charge.status = "succeeded"
    charge.payment_id = payment_id
    charge.failure_code = None
    await events.charge_succeeded(session, charge)
    if sub.period != charge.period:
        return
    sub.period += 1
    was_past_due = sub.status == "past_due"
    if sub.status in ("active", "past_due"):
        sub.status = "active"
        sub.cancel_at = None
        sub.next_charge_at = calendar.period_start(sub.anchor_at, sub.frequency, sub.period)  # type: ignore[arg-type]
        await notify(session, DUE_CHANNEL)
    if was_past_due:
        await events.subscription_event(session, SubscriptionUpdated, sub, change="recovered")


async def failed(
    session: AsyncSession,
    *,
    charge_id: uuid.UUID,
    attempt: int,
    payment_id: uuid.UUID,
    failure_code: str,
    now: dt.datetime,
    settings: Settings,
) -> None:
    locked = await _locked(session, charge_id, attempt)
    if locked is None:
        return
    charge, sub = locked
    charge.payment_id = payment_id
    charge.failure_code = failure_code
    retry = policy.retry_at(
        failure_code,
        attempts=charge.attempts,
        failed_at=now,
        retry_days=settings.dunning_retry_days,
    )
    if retry is not None and sub.status != "cancelled":
        charge.status = "retrying"
        charge.next_attempt_at = retry
        await events.charge_failed(session, charge)
        return
    charge.status = "failed"
    charge.next_attempt_at = None
    await events.charge_failed(session, charge)
    if sub.status in ("active", "paused"):
        sub.status = "past_due"
        sub.next_charge_at = None
        sub.cancel_at = now + dt.timedelta(days=settings.past_due_grace_days)
        await events.subscription_event(
            session, SubscriptionPastDue, sub, failure_code=failure_code
        )
