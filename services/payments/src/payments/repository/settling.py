"""Settling many payments in one transaction: the order row locks and one conditional
transition for the whole batch (``UPDATE ... FROM (VALUES ...) WHERE status = 'processing'``).

Each row moves only if it is still ``processing``, exactly as :func:`payments.transition`
does for one payment: the rows RETURNING are the ones this transaction owns."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, String, cast, column, func, select, update, values
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import Order, Payment
from payments.repository.payments import timeline_entry


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one payment becomes: its new status and the provider's facts about it."""

    payment_id: uuid.UUID
    status: str
    detail: str
    provider_ref: str | None
    captured_amount: int | None = None
    failure_code: str | None = None
    failure_message: str | None = None


async def lock_orders(
    session: AsyncSession, order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Order]:
    """The orders, row-locked in id order (so two batches never wait on each other in a cycle)."""
    if not order_ids:
        return {}
    result = await session.scalars(
        select(Order)
        .where(Order.id.in_(sorted(set(order_ids))))
        .order_by(Order.id)
        .with_for_update(),
        execution_options={"populate_existing": True},
    )
    return {order.id: order for order in result.all()}


async def transition_many(session: AsyncSession, outcomes: Sequence[Outcome]) -> list[Payment]:
    """Move each payment still ``processing`` to its outcome; the payments that moved."""
    if not outcomes:
        return []
    rows: list[tuple[Any, ...]] = [
        (
            outcome.payment_id,
            outcome.status,
            outcome.provider_ref,
            outcome.captured_amount,
            outcome.failure_code,
            outcome.failure_message,
            [timeline_entry(outcome.status, outcome.detail)],
        )
        for outcome in outcomes
    ]
    settled = values(
        column("id", UUID(as_uuid=True)),
        column("status", String),
        column("provider_ref", String),
        column("captured_amount", BigInteger),
        column("failure_code", String),
        column("failure_message", String),
        column("entry", JSONB),
        name="settled",
    ).data(rows)
    result = await session.scalars(
        update(Payment)
        .where(Payment.id == settled.c.id, Payment.status == "processing")
        .values(
            # NULLs in VALUES are untyped: every column is cast to its type.
            status=cast(settled.c.status, String),
            provider_ref=cast(settled.c.provider_ref, String),
            captured_amount=func.coalesce(
                cast(settled.c.captured_amount, BigInteger), Payment.captured_amount
            ),
            failure_code=func.coalesce(cast(settled.c.failure_code, String), Payment.failure_code),
            failure_message=func.coalesce(
                cast(settled.c.failure_message, String), Payment.failure_message
            ),
            timeline=Payment.timeline.op("||")(cast(settled.c.entry, JSONB)),
            updated_at=utcnow(),
        )
        .returning(Payment),
        execution_options={"populate_existing": True},
    )
    return list(result.all())
