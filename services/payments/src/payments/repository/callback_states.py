"""What a provider callback needs to know of its payments: one Core SELECT for a whole
delivery, on a plain connection (no ORM session, no row objects)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from payments.models import Payment


class PaymentState(NamedTuple):
    id: uuid.UUID
    status: str
    provider_ref: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: dt.datetime | None


_COLUMNS = (
    Payment.id,
    Payment.status,
    Payment.provider_ref,
    Payment.attempts,
    Payment.last_error,
    Payment.next_attempt_at,
)


async def states(
    engine: AsyncEngine, payment_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, PaymentState]:
    if not payment_ids:
        return {}
    async with engine.connect() as connection:
        rows = await connection.execute(select(*_COLUMNS).where(Payment.id.in_(list(payment_ids))))
        return {row[0]: PaymentState(*row) for row in rows.all()}
