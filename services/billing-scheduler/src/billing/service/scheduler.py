"""The scheduler: requests each period's charge exactly once, whatever the number of workers.

One transaction per batch claims due subscriptions (``FOR UPDATE SKIP LOCKED``, common.duework),
inserts each one's charge for its current period (unique per subscription and period: a second
insert is a no-op) and publishes ``billing.charge.requested`` through the outbox. The claim, the
charge and the event commit together, so a worker killed at any point leaves either all of them
or none: a period is never requested twice and never lost. The subscription then waits
(``next_charge_at`` None) until the charge's result moves it to its next period; a missed
period is therefore charged once, in order, before the next one.

The same step sends dunning retries that came due and cancels past_due subscriptions whose grace
ran out.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from billing import calendar
from billing import repository as repo
from billing.clock import billing_clock
from billing.models import Subscription
from billing.service import events
from billing.service.subscriptions import DUE_CHANNEL, terminate
from billing.settings import Settings
from common.db import utcnow
from common.duework import DueJob


async def request_due_charges(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> int:
    subs = await repo.claim_due_subscriptions(session, now=now, lease=lease, limit=limit)
    for sub in subs:
        sub.next_charge_at = None
        if sub.cancel_at_period_end:
            await terminate(session, sub, now=now, reason="period_end")
            continue
        await _request(session, sub)
    return len(subs)


async def _request(session: AsyncSession, sub: Subscription) -> None:
    start, end = calendar.period_bounds(sub.anchor_at, sub.frequency, sub.period)  # type: ignore[arg-type]
    charge = await repo.insert_charge(
        session,
        {
            "id": uuid.uuid4(),
            "subscription_id": sub.id,
            "user_id": sub.user_id,
            "period": sub.period,
            "period_start": start,
            "period_end": end,
            "amount": sub.amount,
            "currency": sub.currency,
            "status": "requested",
            "attempts": 1,
        },
    )
    if charge is not None:
        await events.charge_requested(session, sub, charge)


async def send_due_retries(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> int:
    charges = await repo.claim_due_retries(session, now=now, lease=lease, limit=limit)
    for charge in charges:
        sub = await repo.get_subscription(session, charge.subscription_id, for_update=True)
        assert sub is not None
        charge.next_attempt_at = None
        if sub.status == "cancelled":
            charge.status = "failed"
            continue
        charge.status = "requested"
        charge.attempts += 1
        await events.charge_requested(session, sub, charge)
    return len(charges)


async def cancel_expired_past_due(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> int:
    subs = await repo.claim_due_cancellations(session, now=now, lease=lease, limit=limit)
    for sub in subs:
        await terminate(session, sub, now=now, reason="past_due")
    return len(subs)


def scheduler_job(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> DueJob:
    """The worker's due work: woken by ``billing_due`` NOTIFYs, polled every half second; a poll
    that finds nothing due is one read outside a transaction."""
    clock = billing_clock(settings)
    lease = dt.timedelta(seconds=settings.scheduler_lease_seconds)
    limit = settings.scheduler_batch_size

    async def step() -> int:
        # Most polls find nothing: one cheap read then, not a transaction with three claims.
        if not await repo.anything_due(sessionmaker, wall=utcnow(), movable_clock=clock.movable):
            return 0
        async with sessionmaker.begin() as session:
            now = await clock.now(session)
            done = await request_due_charges(session, now=now, lease=lease, limit=limit)
            done = max(done, await send_due_retries(session, now=now, lease=lease, limit=limit))
            done = max(
                done, await cancel_expired_past_due(session, now=now, lease=lease, limit=limit)
            )
        return done

    return DueJob(
        name="billing-scheduler",
        step=step,
        batch_size=limit,
        poll_seconds=settings.scheduler_poll_seconds,
        channel=DUE_CHANNEL,
    )
