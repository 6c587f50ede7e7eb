"""Queries on refunds: what is reserved against a payment and the conditional transitions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import Refund


async def reserved_total(session: AsyncSession, payment_id: uuid.UUID) -> tuple[int, int]:
    """(succeeded, pending) sums: both count against what is left to refund.

    Call with the payment row locked so no refund can be added or settled meanwhile."""
    rows = await session.execute(
        select(Refund.status, func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.payment_id == payment_id, Refund.status.in_(("pending", "succeeded")))
        .group_by(Refund.status)
    )
    sums = {status: int(total) for status, total in rows.all()}
    return sums.get("succeeded", 0), sums.get("pending", 0)


async def get(session: AsyncSession, refund_id: uuid.UUID) -> Refund | None:
    return await session.get(Refund, refund_id)


def for_payment(payment_id: uuid.UUID) -> Select[Refund]:
    return select(Refund).where(Refund.payment_id == payment_id)


async def transition(
    session: AsyncSession, refund_id: uuid.UUID, *, to_status: str, **values: Any
) -> Refund | None:
    """Settle a pending refund; None when another caller settled it first."""
    result = await session.scalars(
        update(Refund)
        .where(Refund.id == refund_id, Refund.status == "pending")
        .values(status=to_status, updated_at=utcnow(), **values)
        .returning(Refund),
        execution_options={"populate_existing": True},
    )
    return result.one_or_none()
