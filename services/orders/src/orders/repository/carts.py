"""Carts: one row per product, serialised per user by an advisory lock."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from orders.models import CartItem, Product


async def lock(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Serialise changes to one user's cart (currency checks, ordering from the cart)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"cart:{user_id}"},
    )


async def lines(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[CartItem, Product]]:
    rows = await session.execute(
        select(CartItem, Product)
        .join(Product, Product.id == CartItem.product_id)
        .where(CartItem.user_id == user_id)
        .order_by(CartItem.created_at, CartItem.id)
        .execution_options(populate_existing=True)
    )
    return [(item, product) for item, product in rows.tuples()]


async def get(session: AsyncSession, *, item_id: uuid.UUID, user_id: uuid.UUID) -> CartItem | None:
    return await session.scalar(
        select(CartItem).where(CartItem.id == item_id, CartItem.user_id == user_id)
    )


async def add(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    quantity: int,
    max_quantity: int,
) -> tuple[uuid.UUID, bool] | None:
    """Insert or increase; ``(id, created)``, or None when the sum would pass the maximum."""
    statement = insert(CartItem).values(
        id=uuid.uuid4(), user_id=user_id, product_id=product_id, quantity=quantity
    )
    row = (
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[CartItem.user_id, CartItem.product_id],
                set_={
                    "quantity": CartItem.quantity + statement.excluded.quantity,
                    "updated_at": func.now(),
                },
                where=CartItem.quantity + statement.excluded.quantity <= max_quantity,
            ).returning(CartItem.id, text("xmax = 0"))
        )
    ).first()
    return None if row is None else (row[0], bool(row[1]))


async def delete(session: AsyncSession, item: CartItem) -> None:
    await session.delete(item)


async def clear(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(sa.delete(CartItem).where(CartItem.user_id == user_id))
