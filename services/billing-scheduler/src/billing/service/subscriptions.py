"""Subscriptions: create, read, cancel, pause, resume and change the card.

Every rule reads time from billing's clock (``now`` is passed in). State changes publish their
event in the same transaction; anything that makes a charge due NOTIFYs the scheduler.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from billing import calendar
from billing import repository as repo
from billing.errors import (
    StartTooFarInPast,
    SubscriptionNotFound,
    SubscriptionNotPausable,
    SubscriptionTerminated,
)
from billing.models import Subscription
from billing.schemas import Period, SubscriptionCreate, SubscriptionRead
from billing.service import events
from common.auth import Principal
from common.duework import notify
from common.events.billing import SubscriptionCancelled, SubscriptionCreated, SubscriptionUpdated

DUE_CHANNEL = "billing_due"


def to_read(sub: Subscription) -> SubscriptionRead:
    current = None
    if sub.period > 0:
        start, end = calendar.period_bounds(sub.anchor_at, sub.frequency, sub.period - 1)  # type: ignore[arg-type]
        current = Period(index=sub.period - 1, start=start, end=end)
    return SubscriptionRead(
        id=sub.id,
        user_id=sub.user_id,
        item=sub.item,
        item_id=sub.item_id,
        amount=sub.amount,
        currency=sub.currency,
        frequency=sub.frequency,  # type: ignore[arg-type]
        payment_method_id=sub.payment_method_id,
        status=sub.status,  # type: ignore[arg-type]
        start_at=sub.anchor_at,
        next_charge_at=sub.next_charge_at,
        current_period=current,
        cancel_at_period_end=sub.cancel_at_period_end,
        cancelled_at=sub.cancelled_at,
        created_at=sub.created_at,
    )


async def create(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    data: SubscriptionCreate,
    now: dt.datetime,
    catch_up_limit_days: int,
) -> Subscription:
    start = (data.start_at or now).astimezone(dt.UTC)
    if start < now - dt.timedelta(days=catch_up_limit_days):
        raise StartTooFarInPast(catch_up_limit_days)
    sub = Subscription(
        id=uuid.uuid4(),
        user_id=user_id,
        item=data.item,
        item_id=data.item_id,
        amount=data.amount,
        currency=data.currency,
        frequency=data.frequency,
        payment_method_id=data.payment_method_id,
        status="active",
        anchor_at=start,
        period=0,
        next_charge_at=start,
        cancel_at_period_end=False,
        created_at=now,
        updated_at=now,
    )
    session.add(sub)
    await session.flush()
    await events.subscription_event(session, SubscriptionCreated, sub)
    await notify(session, DUE_CHANNEL)
    return sub


async def get_visible(
    session: AsyncSession, principal: Principal, subscription_id: uuid.UUID, *, lock: bool = False
) -> Subscription:
    sub = await repo.get_subscription(session, subscription_id, for_update=lock)
    if sub is None or not (principal.is_admin or sub.user_id == principal.user_id):
        raise SubscriptionNotFound()
    return sub


async def cancel(
    session: AsyncSession, sub: Subscription, *, at_period_end: bool, now: dt.datetime
) -> Subscription:
    """Cancelling a cancelled subscription changes nothing (idempotent)."""
    if sub.status == "cancelled":
        return sub
    if at_period_end and sub.period > 0 and sub.status in ("active", "paused"):
        sub.cancel_at_period_end = True
        await events.subscription_event(
            session, SubscriptionUpdated, sub, change="cancel_at_period_end"
        )
        return sub
    await terminate(session, sub, now=now, reason="requested")
    return sub


async def terminate(
    session: AsyncSession, sub: Subscription, *, now: dt.datetime, reason: str
) -> None:
    """No charge is ever requested again (the scheduler only takes active subscriptions)."""
    sub.status = "cancelled"
    sub.cancelled_at = now
    sub.next_charge_at = None
    sub.cancel_at = None
    await events.subscription_event(session, SubscriptionCancelled, sub, reason=reason)


async def pause(session: AsyncSession, sub: Subscription) -> Subscription:
    if sub.status == "cancelled":
        raise SubscriptionTerminated()
    if sub.status == "paused":
        return sub
    if sub.status != "active":
        raise SubscriptionNotPausable()
    sub.status = "paused"
    sub.next_charge_at = None
    await events.subscription_event(session, SubscriptionUpdated, sub, change="paused")
    return sub


async def resume(session: AsyncSession, sub: Subscription, *, now: dt.datetime) -> Subscription:
    """Periods that started while paused are skipped: charging resumes at the next period."""
    if sub.status == "cancelled":
        raise SubscriptionTerminated()
    if sub.status != "paused":
        return sub
    sub.status = "active"
    if not await _charge_in_flight(session, sub):
        sub.period = calendar.first_period_from(sub.anchor_at, sub.frequency, now, sub.period)  # type: ignore[arg-type]
        sub.next_charge_at = calendar.period_start(sub.anchor_at, sub.frequency, sub.period)  # type: ignore[arg-type]
    await events.subscription_event(session, SubscriptionUpdated, sub, change="resumed")
    await notify(session, DUE_CHANNEL)
    return sub


async def change_card(
    session: AsyncSession, sub: Subscription, *, payment_method_id: uuid.UUID, now: dt.datetime
) -> Subscription:
    """A new card; a charge that failed or waits for a dunning retry is retried with it at once.

    Locks the charge before the subscription, the order the scheduler and the result handlers
    use, so they never deadlock."""
    unpaid = await repo.last_unpaid_charge(session, sub.id)
    locked = await repo.get_subscription(session, sub.id, for_update=True)
    assert locked is not None
    sub = locked
    if sub.status == "cancelled":
        raise SubscriptionTerminated()
    sub.payment_method_id = payment_method_id
    if unpaid is not None:
        unpaid.status = "retrying"
        unpaid.next_attempt_at = now
        if sub.status == "past_due":
            sub.status = "active"
            sub.cancel_at = None
        await notify(session, DUE_CHANNEL)
    await events.subscription_event(session, SubscriptionUpdated, sub, change="payment_method")
    return sub


async def _charge_in_flight(session: AsyncSession, sub: Subscription) -> bool:
    """The period to charge has a charge already: its result (or dunning) moves the period on."""
    return await repo.charge_for_period(session, sub.id, sub.period) is not None


def visible_user(principal: Principal, user_id: uuid.UUID | None) -> uuid.UUID | None:
    """Whose rows a list shows: one's own; an admin's everyone's, or ``?user_id=``'s."""
    return user_id if principal.is_admin else principal.user_id
