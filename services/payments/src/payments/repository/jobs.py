"""Leases on work the worker does at the provider (payments to charge, refunds to send).

A claim bumps ``attempts`` and pushes ``next_attempt_at`` to the end of the lease in one
statement over rows taken with ``FOR UPDATE SKIP LOCKED``, so several workers never claim one
row at once; a worker that dies leaves the row to come due again when its lease ends.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import Payment, Refund

Job = TypeVar("Job", Payment, Refund)
NOTIFY_CHANNEL = "payments_due"
_WAITING = {Payment: "processing", Refund: "pending"}


def _waiting(model: type[Job], *, voids: bool) -> ColumnElement[bool]:
    if voids:
        return (Payment.status == "requires_capture") & Payment.void_requested_at.is_not(None)
    return model.status == _WAITING[model]


async def claim_due(
    session: AsyncSession,
    model: type[Job],
    *,
    now: dt.datetime,
    lease_until: dt.datetime,
    limit: int,
    job_id: uuid.UUID | None = None,
    voids: bool = False,
) -> Sequence[Job]:
    """Claim due jobs; ``voids`` claims authorizations waiting to be voided instead of charges."""
    due = (
        select(model.id)
        .where(_waiting(model, voids=voids), model.next_attempt_at <= now)
        .order_by(model.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if job_id is not None:
        due = due.where(model.id == job_id)
    claimed = await session.scalars(
        update(model)
        .where(model.id.in_(due))
        .values(attempts=model.attempts + 1, next_attempt_at=lease_until, updated_at=utcnow())
        .returning(model),
        execution_options={"populate_existing": True},
    )
    return claimed.all()


async def reschedule(
    session: AsyncSession,
    model: type[Job],
    *,
    job_id: uuid.UUID,
    attempts: int,
    at: dt.datetime,
    error: str,
    voids: bool = False,
) -> bool:
    """Retry later, unless the job was settled or claimed again since (a newer lease wins)."""
    result = await session.execute(
        update(model)
        .where(model.id == job_id, _waiting(model, voids=voids), model.attempts == attempts)
        .values(next_attempt_at=at, last_error=error[:500], updated_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


async def notify_due(session: AsyncSession) -> None:
    """Wake the workers when the transaction commits (PostgreSQL delivers NOTIFY on commit)."""
    await session.execute(text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')"))
