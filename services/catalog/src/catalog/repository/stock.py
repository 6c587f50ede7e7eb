"""Stock levels under a row lock, and changes to them, as plain Core statements.

Products are always locked in id order, so two transactions locking overlapping sets queue
behind each other instead of deadlocking. A change is one ``UPDATE ... FROM unnest(...)`` for
every product it touches; the CHECK constraints (nothing negative, never more reserved than in
stock) stay the last word.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import any_, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product, ReservationLine


@dataclass(frozen=True, slots=True)
class StockLevel:
    """A product as the stock saga needs it, read under its row lock."""

    id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    price: int
    currency: str
    stock: int
    reserved: int
    archived_at: dt.datetime | None

    @property
    def available(self) -> int:
        return self.stock - self.reserved

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


@dataclass(frozen=True, slots=True)
class HeldLine:
    reservation_id: uuid.UUID
    product_id: uuid.UUID
    quantity: int


_LEVEL_COLUMNS = (
    Product.id,
    Product.seller_id,
    Product.name,
    Product.price,
    Product.currency,
    Product.stock,
    Product.reserved,
    Product.archived_at,
)


# Built once: a statement object reused keeps its compiled form and cache key.
_IDS = bindparam("ids", type_=ARRAY(UUID(as_uuid=True)))
_LOCK = (
    select(*_LEVEL_COLUMNS).where(Product.id == any_(_IDS)).order_by(Product.id).with_for_update()
)
_LOCK_LINES = (
    select(ReservationLine.reservation_id, ReservationLine.quantity, *_LEVEL_COLUMNS)
    .join(Product, Product.id == ReservationLine.product_id)
    .where(ReservationLine.reservation_id == any_(_IDS))
    .order_by(Product.id, ReservationLine.reservation_id)
    .with_for_update(of=Product)
)


async def lock(
    session: AsyncSession, product_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, StockLevel]:
    """The products among ``product_ids``, locked in id order."""
    if not product_ids:
        return {}
    connection = await session.connection()
    rows = await connection.execute(_LOCK, {"ids": list(product_ids)})
    return {row.id: StockLevel(*row) for row in rows}


async def lock_lines(
    session: AsyncSession, reservation_ids: Collection[uuid.UUID]
) -> tuple[list[HeldLine], dict[uuid.UUID, StockLevel]]:
    """The lines of ``reservation_ids`` and their products, locked in product id order (one
    statement: the lock is taken as the sorted rows come out)."""
    if not reservation_ids:
        return [], {}
    connection = await session.connection()
    rows = await connection.execute(_LOCK_LINES, {"ids": list(reservation_ids)})
    lines: list[HeldLine] = []
    levels: dict[uuid.UUID, StockLevel] = {}
    for reservation_id, quantity, *product in rows:
        level = StockLevel(*product)
        levels[level.id] = level
        lines.append(HeldLine(reservation_id, level.id, quantity))
    return lines, levels


CHANGE_SQL = """
    UPDATE product SET stock = product.stock + c.stock,
                       reserved = product.reserved + c.reserved,
                       updated_at = :now
    FROM unnest(CAST(:change_ids AS uuid[]), CAST(:change_stock AS bigint[]),
                CAST(:change_reserved AS bigint[])) AS c(id, stock, reserved)
    WHERE product.id = c.id
"""
"""Adds ``(stock, reserved)`` deltas to locked products; see :func:`change_params`."""


_CHANGE = text(CHANGE_SQL)


def change_params(changes: Mapping[uuid.UUID, tuple[int, int]]) -> dict[str, object]:
    ids = sorted(product_id for product_id, delta in changes.items() if delta != (0, 0))
    return {
        "change_ids": ids,
        "change_stock": [changes[product_id][0] for product_id in ids],
        "change_reserved": [changes[product_id][1] for product_id in ids],
    }


async def change(
    session: AsyncSession, changes: Mapping[uuid.UUID, tuple[int, int]], *, now: dt.datetime
) -> None:
    """Add each ``(stock, reserved)`` delta to its product (locked already, see :func:`lock`)."""
    if any(delta != (0, 0) for delta in changes.values()):
        connection = await session.connection()
        await connection.execute(_CHANGE, {**change_params(changes), "now": now})


def changed(
    levels: Mapping[uuid.UUID, StockLevel], changes: Mapping[uuid.UUID, tuple[int, int]]
) -> list[StockLevel]:
    """The levels after ``changes``, in product id order (what ``StockChanged`` announces)."""
    return [
        _replace(levels[product_id], *changes[product_id])
        for product_id in sorted(changes)
        if changes[product_id] != (0, 0)
    ]


def _replace(level: StockLevel, stock: int, reserved: int) -> StockLevel:
    return StockLevel(
        level.id,
        level.seller_id,
        level.name,
        level.price,
        level.currency,
        level.stock + stock,
        level.reserved + reserved,
        level.archived_at,
    )
