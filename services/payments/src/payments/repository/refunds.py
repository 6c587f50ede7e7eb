"""Queries on refunds: what is reserved against a payment and the conditional transitions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import Refund, RefundShare

_HOLDING = ("pending", "succeeded")


async def reserved_total(session: AsyncSession, payment_id: uuid.UUID) -> tuple[int, int]:
    """(succeeded, pending) sums: both count against what is left to refund.

    Call with the payment row locked so no refund can be added or settled meanwhile."""
    rows = await session.execute(
        select(Refund.status, func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.payment_id == payment_id, Refund.status.in_(_HOLDING))
        .group_by(Refund.status)
    )
    sums = {status: int(total) for status, total in rows.all()}
    return sums.get("succeeded", 0), sums.get("pending", 0)


async def reserved_by_seller(session: AsyncSession, payment_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """What each seller's pending and succeeded refunds of the payment hold (payment locked)."""
    rows = await session.execute(
        select(RefundShare.seller_id, func.sum(RefundShare.amount))
        .join(Refund, Refund.id == RefundShare.refund_id)
        .where(RefundShare.payment_id == payment_id, Refund.status.in_(_HOLDING))
        .group_by(RefundShare.seller_id)
    )
    return {seller: int(total) for seller, total in rows.tuples().all()}


async def seller_totals(
    session: AsyncSession, payment_id: uuid.UUID, seller_id: uuid.UUID
) -> tuple[int, int]:
    """(succeeded, pending) sums of one seller's parts of the payment's refunds."""
    rows = await session.execute(
        select(Refund.status, func.sum(RefundShare.amount))
        .join(Refund, Refund.id == RefundShare.refund_id)
        .where(
            RefundShare.payment_id == payment_id,
            RefundShare.seller_id == seller_id,
            Refund.status.in_(_HOLDING),
        )
        .group_by(Refund.status)
    )
    sums = {status: int(total) for status, total in rows.tuples().all()}
    return sums.get("succeeded", 0), sums.get("pending", 0)


def add_shares(session: AsyncSession, refund: Refund, shares: dict[uuid.UUID, int]) -> None:
    session.add_all(
        RefundShare(
            refund_id=refund.id, seller_id=seller, payment_id=refund.payment_id, amount=part
        )
        for seller, part in shares.items()
    )


async def shares_of(session: AsyncSession, refund_id: uuid.UUID) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        select(RefundShare.seller_id, RefundShare.amount).where(RefundShare.refund_id == refund_id)
    )
    return {seller: int(amount) for seller, amount in rows.tuples().all()}


async def seller_parts(
    session: AsyncSession, refund_ids: list[uuid.UUID], seller_id: uuid.UUID
) -> dict[uuid.UUID, int]:
    """The seller's part of each of ``refund_ids``."""
    rows = await session.execute(
        select(RefundShare.refund_id, RefundShare.amount).where(
            RefundShare.refund_id.in_(refund_ids), RefundShare.seller_id == seller_id
        )
    )
    return {refund: int(amount) for refund, amount in rows.tuples().all()}


async def get(session: AsyncSession, refund_id: uuid.UUID) -> Refund | None:
    return await session.get(Refund, refund_id)


def for_payment(payment_id: uuid.UUID, *, seller_id: uuid.UUID | None = None) -> Select[Refund]:
    """The payment's refunds; with ``seller_id`` only those that take from that seller."""
    statement = select(Refund).where(Refund.payment_id == payment_id)
    if seller_id is not None:
        statement = statement.where(
            select(RefundShare.refund_id)
            .where(RefundShare.refund_id == Refund.id, RefundShare.seller_id == seller_id)
            .exists()
        )
    return statement


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
