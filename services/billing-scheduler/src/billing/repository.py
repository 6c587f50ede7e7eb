"""Every query of billing: subscriptions and charges, due-work claims and pages."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from billing.models import Charge, Subscription
from common import duework, fastread
from common.pagination import PageParams, paginate

Claimable = TypeVar("Claimable", Subscription, Charge)


async def get_subscription(
    session: AsyncSession, subscription_id: uuid.UUID, *, for_update: bool = False
) -> Subscription | None:
    statement = select(Subscription).where(Subscription.id == subscription_id)
    if for_update:
        statement = statement.with_for_update()
    return await session.scalar(statement, execution_options={"populate_existing": for_update})


async def get_charge(
    session: AsyncSession, charge_id: uuid.UUID, *, for_update: bool = False
) -> Charge | None:
    statement = select(Charge).where(Charge.id == charge_id)
    if for_update:
        statement = statement.with_for_update()
    return await session.scalar(statement, execution_options={"populate_existing": for_update})


async def page_subscriptions(
    session: AsyncSession, params: PageParams, *, user_id: uuid.UUID | None, status: str | None
) -> tuple[Sequence[Subscription], str | None]:
    statement: Select[Any] = select(Subscription)
    if user_id is not None:
        statement = statement.where(Subscription.user_id == user_id)
    if status is not None:
        statement = statement.where(Subscription.status == status)
    return await paginate(
        session, statement, params, created_at=Subscription.created_at, id_column=Subscription.id
    )


async def page_charges(
    session: AsyncSession,
    params: PageParams,
    *,
    user_id: uuid.UUID | None,
    subscription_id: uuid.UUID | None,
    status: str | None,
) -> tuple[Sequence[Charge], str | None]:
    statement: Select[Any] = select(Charge)
    if user_id is not None:
        statement = statement.where(Charge.user_id == user_id)
    if subscription_id is not None:
        statement = statement.where(Charge.subscription_id == subscription_id)
    if status is not None:
        statement = statement.where(Charge.status == status)
    return await paginate(
        session, statement, params, created_at=Charge.created_at, id_column=Charge.id
    )


async def _claim(
    session: AsyncSession,
    model: type[Claimable],
    due: Any,
    status: str,
    *,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> Sequence[Claimable]:
    return await duework.claim_due(
        session, model, due=due, now=now, lease=lease, limit=limit, where=[model.status == status]
    )


# The three claims below, asked at once: whether any of them would take a row. ``$1`` is the
# wall clock; with ``$2`` (the test clock may move) the offset in the one-row ``clock`` table
# is added, as ``Clock.now`` does.
_ANYTHING_DUE = """
    SELECT EXISTS (SELECT 1 FROM subscription
                   WHERE next_charge_at <= t.now AND status = 'active')
        OR EXISTS (SELECT 1 FROM charge WHERE next_attempt_at <= t.now AND status = 'retrying')
        OR EXISTS (SELECT 1 FROM subscription WHERE cancel_at <= t.now AND status = 'past_due')
    FROM (SELECT $1::timestamptz + make_interval(secs => CASE WHEN $2
              THEN coalesce((SELECT max(offset_seconds) FROM clock), 0) ELSE 0 END) AS now) AS t
"""


async def anything_due(
    sessionmaker: async_sessionmaker[AsyncSession], *, wall: dt.datetime, movable_clock: bool
) -> bool:
    """Whether a claim would find work, in one read outside a transaction: the scheduler's
    poll usually finds nothing and then costs this alone."""
    return bool(await fastread.peek(sessionmaker, _ANYTHING_DUE, wall, movable_clock))


async def claim_due_subscriptions(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> Sequence[Subscription]:
    """Active subscriptions whose next period is due."""
    return await _claim(
        session,
        Subscription,
        Subscription.next_charge_at,
        "active",
        now=now,
        lease=lease,
        limit=limit,
    )


async def claim_due_retries(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> Sequence[Charge]:
    """Failed charges whose dunning retry is due."""
    return await _claim(
        session, Charge, Charge.next_attempt_at, "retrying", now=now, lease=lease, limit=limit
    )


async def claim_due_cancellations(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> Sequence[Subscription]:
    """Past-due subscriptions whose grace period is over."""
    return await _claim(
        session, Subscription, Subscription.cancel_at, "past_due", now=now, lease=lease, limit=limit
    )


async def insert_charge(session: AsyncSession, values: dict[str, Any]) -> Charge | None:
    """The period's charge, or None when it exists already (the unique key per period)."""
    charge_id = await session.scalar(
        insert(Charge)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["subscription_id", "period"])
        .returning(Charge.id)
    )
    return None if charge_id is None else await get_charge(session, charge_id)


async def last_unpaid_charge(session: AsyncSession, subscription_id: uuid.UUID) -> Charge | None:
    """The charge dunning is on (retrying) or gave up on (failed), locked."""
    return await session.scalar(
        select(Charge)
        .where(Charge.subscription_id == subscription_id, Charge.status.in_(("retrying", "failed")))
        .order_by(Charge.period.desc())
        .limit(1)
        .with_for_update()
    )


async def charge_for_period(
    session: AsyncSession, subscription_id: uuid.UUID, period: int
) -> Charge | None:
    return await session.scalar(
        select(Charge).where(Charge.subscription_id == subscription_id, Charge.period == period)
    )
