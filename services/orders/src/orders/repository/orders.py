"""Orders as the API reads them (ORM, with lines and history)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from orders.models import Order, OrderLine, OrderMessage
from orders.state import OrderStatus


def _select() -> Select[Order]:
    return select(Order).options(selectinload(Order.lines), selectinload(Order.history))


async def get(session: AsyncSession, order_id: uuid.UUID, *, lock: bool = False) -> Order | None:
    statement = _select().where(Order.id == order_id)
    if lock:
        statement = statement.with_for_update(of=Order)
    return await session.scalar(statement.execution_options(populate_existing=True))


def listing(
    *,
    user_id: uuid.UUID | None,
    seller_id: uuid.UUID | None,
    status: OrderStatus | None,
) -> Select[Order]:
    statement = _select()
    if user_id is not None:
        statement = statement.where(Order.user_id == user_id)
    if seller_id is not None:
        statement = statement.where(
            exists().where(
                OrderLine.order_id == Order.id,
                OrderLine.revision == Order.lines_revision,
                OrderLine.seller_id == seller_id,
            )
        )
    if status is not None:
        statement = statement.where(Order.status == status)
    return statement


async def lock_expired(session: AsyncSession, *, now: dt.datetime, limit: int) -> Sequence[Order]:
    """Unpaid orders whose reservation ran out, claimed so that other workers skip them."""
    statement = (
        _select()
        .where(
            Order.status == OrderStatus.AWAITING_PAYMENT,
            Order.reservation_expires_at <= now,
        )
        .order_by(Order.reservation_expires_at, Order.id)
        .limit(limit)
        .with_for_update(of=Order, skip_locked=True)
    )
    return (await session.scalars(statement)).all()


def messages(order_id: uuid.UUID) -> Select[OrderMessage]:
    return select(OrderMessage).where(OrderMessage.order_id == order_id)
