"""Queries on payments: reads, row locks and the conditional status transitions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, inspect, select, text, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import HOLDS_ORDER, ORDER_HOLDING_STATUSES, Payment
from payments.repository import jobs


def timeline_entry(status: str, detail: str | None) -> dict[str, Any]:
    return {"status": status, "at": utcnow().isoformat(), "detail": detail}


def _timeline_append(status: str, detail: str | None) -> ColumnElement[Any]:
    entry = bindparam(None, [timeline_entry(status, detail)], type_=JSONB)
    return Payment.timeline.op("||")(entry)


async def get(
    session: AsyncSession, payment_id: uuid.UUID, *, for_update: bool = False
) -> Payment | None:
    statement = select(Payment).where(Payment.id == payment_id)
    if for_update:
        statement = statement.with_for_update()
    result = await session.execute(statement, execution_options={"populate_existing": True})
    return result.scalar_one_or_none()


async def insert_due(session: AsyncSession, payment: Payment) -> bool:
    """Insert a card payment due for the worker in one statement (no unit-of-work flush), with
    the workers' wake-up (NOTIFY, delivered on commit) in its RETURNING. False when the order
    already has an active payment: the partial unique index decides, also under races."""
    now = utcnow()
    payment.created_at = payment.updated_at = now
    values = {
        attribute.key: getattr(payment, attribute.key)
        for attribute in inspect(Payment).column_attrs
    }
    statement = (
        insert(Payment)
        .values(values)
        .on_conflict_do_nothing(
            index_elements=[Payment.order_id],
            # Literal, as in the index's own predicate: PostgreSQL infers the arbiter index
            # only from a predicate it can match, never from bound parameters.
            index_where=text(HOLDS_ORDER),
        )
        .returning(Payment.id, jobs.notify_due_clause())
    )
    return (await session.execute(statement)).first() is not None


async def holding_order(session: AsyncSession, order_id: uuid.UUID) -> Payment | None:
    """The payment (in progress or succeeded, not refused by the order) that holds
    ``order_id``, if any."""
    return await session.scalar(
        select(Payment).where(
            Payment.order_id == order_id,
            Payment.status.in_(ORDER_HOLDING_STATUSES),
            Payment.refused_by_order_at.is_(None),
        )
    )


async def request_void(session: AsyncSession, payment_id: uuid.UUID, *, reason: str) -> bool:
    """Mark an open authorization to be voided by the worker now (once); False if it is not
    open or already marked."""
    now = utcnow()
    result = await session.execute(
        update(Payment)
        .where(
            Payment.id == payment_id,
            Payment.status == "requires_capture",
            Payment.void_requested_at.is_(None),
        )
        .values(
            void_requested_at=now,
            next_attempt_at=now,
            timeline=_timeline_append("requires_capture", f"void requested: {reason}"),
            updated_at=now,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def mark_refused(session: AsyncSession, payment: Payment, *, reason: str) -> bool:
    """The order did not take the payment: it stops holding the order (once)."""
    now = utcnow()
    result = await session.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.refused_by_order_at.is_(None))
        .values(
            refused_by_order_at=now,
            timeline=_timeline_append(payment.status, f"refused by the order: {reason}"),
            updated_at=now,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def for_order(session: AsyncSession, order_id: uuid.UUID) -> list[Payment]:
    statement = select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)
    return list((await session.scalars(statement.with_for_update())).all())


def listing(*, user_id: uuid.UUID | None, status: str | None) -> Select[Payment]:
    statement = select(Payment)
    if user_id is not None:
        statement = statement.where(Payment.user_id == user_id)
    if status is not None:
        statement = statement.where(Payment.status == status)
    return statement


async def transition(
    session: AsyncSession,
    payment_id: uuid.UUID,
    *,
    from_statuses: Iterable[str],
    to_status: str,
    detail: str | None,
    **values: Any,
) -> Payment | None:
    """Move the payment to ``to_status`` only if it is in one of ``from_statuses`` now.

    The single point where a payment changes state: whoever matches the row first owns the
    transition, every later caller gets None and must not repeat its side effects.
    """
    result = await session.scalars(
        update(Payment)
        .where(Payment.id == payment_id, Payment.status.in_(tuple(from_statuses)))
        .values(
            status=to_status,
            timeline=_timeline_append(to_status, detail),
            updated_at=utcnow(),
            **values,
        )
        .returning(Payment),
        execution_options={"populate_existing": True},
    )
    return result.one_or_none()


async def provider_refs(
    session: AsyncSession, payment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str | None]:
    """The provider's charge id of each payment (what a refund is made against)."""
    if not payment_ids:
        return {}
    rows = await session.execute(
        select(Payment.id, Payment.provider_ref).where(Payment.id.in_(payment_ids))
    )
    return dict(rows.tuples().all())
