"""The product read model, fed by catalog events and read when pricing carts and orders."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import any_, bindparam, case, select, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from orders.models import Product

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class KnownProduct:
    """What pricing a line needs of a read-model product."""

    id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    price: int
    currency: str
    archived: bool


# Built once: a statement object reused keeps its compiled form and cache key.
_GET_MANY = select(
    Product.id,
    Product.seller_id,
    Product.name,
    Product.price,
    Product.currency,
    Product.archived,
).where(Product.id == any_(bindparam("ids", type_=ARRAY(UUID(as_uuid=True)))))


async def get_many(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, KnownProduct]:
    connection = await session.connection()
    rows = await connection.execute(_GET_MANY, {"ids": list(set(ids))})
    return {row.id: KnownProduct(*row) for row in rows}


async def upsert_snapshot(session: AsyncSession, values: dict[str, Any]) -> None:
    """Apply a product snapshot unless a newer one was applied already; archiving sticks."""
    statement = insert(Product).values(**values, archived=False)
    new = statement.excluded
    newer_snapshot = new.updated_at >= Product.updated_at
    newer_stock = new.stock_updated_at >= Product.stock_updated_at
    set_ = {column: _if(newer_snapshot, column, new) for column in _SNAPSHOT_COLUMNS}
    set_["available"] = _if(newer_stock, "available", new)
    set_["stock_updated_at"] = _if(newer_stock, "stock_updated_at", new)
    await session.execute(statement.on_conflict_do_update(index_elements=[Product.id], set_=set_))


async def archive(session: AsyncSession, *, product_id: uuid.UUID, seller_id: uuid.UUID) -> None:
    """Mark archived; an archive that overtook the product's creation leaves a tombstone
    whose data any later snapshot fills in."""
    await session.execute(
        insert(Product)
        .values(
            id=product_id,
            seller_id=seller_id,
            name="",
            description="",
            price=0,
            currency="XXX",
            available=0,
            archived=True,
            updated_at=EPOCH,
            stock_updated_at=EPOCH,
        )
        .on_conflict_do_update(index_elements=[Product.id], set_={"archived": True})
    )


_SET_AVAILABLE = (
    update(Product)
    .where(Product.id == bindparam("product_id"), Product.stock_updated_at <= bindparam("at"))
    .values(available=bindparam("new_available"), stock_updated_at=bindparam("at"))
)


async def set_available(
    session: AsyncSession, *, product_id: uuid.UUID, available: int, at: dt.datetime
) -> None:
    connection = await session.connection()
    await connection.execute(
        _SET_AVAILABLE, {"product_id": product_id, "new_available": available, "at": at}
    )


_SNAPSHOT_COLUMNS = ("seller_id", "name", "description", "price", "currency", "updated_at")


def _if(condition: Any, column: str, new: Any) -> Any:
    """``CASE WHEN condition THEN excluded.<column> ELSE product.<column> END``."""
    return case((condition, getattr(new, column)), else_=getattr(Product, column))
