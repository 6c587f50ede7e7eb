"""Product reads and the seller's row lock (the ORM paths: they are not the saga's hot path)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product, search_document
from catalog.schemas import ProductFilters


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_statement(filters: ProductFilters) -> Select[Any]:
    """Live products matching ``filters``; ``q`` needs every word in name or description."""
    statement = select(Product).where(Product.archived_at.is_(None))
    for term in (filters.q or "").split():
        statement = statement.where(search_document().ilike(_like_pattern(term), escape="\\"))
    if filters.seller_id is not None:
        statement = statement.where(Product.seller_id == filters.seller_id)
    if filters.min_price is not None:
        statement = statement.where(Product.price >= filters.min_price)
    if filters.max_price is not None:
        statement = statement.where(Product.price <= filters.max_price)
    if filters.in_stock is True:
        statement = statement.where(Product.stock > Product.reserved)
    elif filters.in_stock is False:
        statement = statement.where(Product.stock <= Product.reserved)
    return statement


async def get(session: AsyncSession, product_id: uuid.UUID) -> Product | None:
    return await session.get(Product, product_id)


async def get_many(session: AsyncSession, product_ids: Collection[uuid.UUID]) -> Sequence[Product]:
    return (await session.scalars(select(Product).where(Product.id.in_(product_ids)))).all()


async def get_for_update(session: AsyncSession, product_id: uuid.UUID) -> Product | None:
    return await session.scalar(
        select(Product)
        .where(Product.id == product_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
