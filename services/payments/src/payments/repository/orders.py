"""Queries on the order read model."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.models import Order


async def get(session: AsyncSession, order_id: uuid.UUID) -> Order | None:
    return await session.get(Order, order_id)


async def status_of(session: AsyncSession, order_id: uuid.UUID) -> str | None:
    """The order's last committed status (no lock, no identity-map cache)."""
    return await session.scalar(select(Order.status).where(Order.id == order_id))


async def confirmed_among(session: AsyncSession, order_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of ``order_ids`` the read model knows past ``pending`` (confirmed, or settled)."""
    rows = await session.scalars(
        select(Order.id).where(Order.id.in_(order_ids), Order.status != "pending")
    )
    return set(rows.all())


async def lock(session: AsyncSession, order_id: uuid.UUID) -> Order | None:
    """The order, row-locked: every payment decision about one order is serialised here.

    Lock order across the service: order, then payment, then wallet, then ledger accounts."""
    result = await session.execute(
        select(Order).where(Order.id == order_id).with_for_update(),
        execution_options={"populate_existing": True},
    )
    return result.scalar_one_or_none()


async def lock_or_create(
    session: AsyncSession, order_id: uuid.UUID, *, user_id: uuid.UUID, status: str
) -> Order:
    """The order row, locked, created with ``status`` if this is the first event about it."""
    await session.execute(
        insert(Order)
        .values(id=order_id, user_id=user_id, status=status, revision=0, total=0, lines=[])
        .on_conflict_do_nothing()
    )
    order = await lock(session, order_id)
    assert order is not None
    return order
