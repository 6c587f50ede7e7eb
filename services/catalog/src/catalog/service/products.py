"""Product management: create, read, update, archive and stock adjustments by sellers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.errors import (
    InsufficientStock,
    NotProductOwner,
    ProductArchived,
    ProductNameTaken,
    ProductNotFound,
)
from catalog.models import Product
from catalog.repository import products as repository
from catalog.schemas import ProductCreate, ProductFilters
from catalog.service.events import publish_stock_changed, snapshot
from common.auth import Principal
from common.db import utcnow
from common.events.catalog import ProductArchived as ProductArchivedEvent
from common.events.catalog import ProductCreated, ProductUpdated
from common.messaging.outbox import publish
from common.pagination import PageParams, paginate

NAME_INDEX = "uq_product_live_name"


async def _flush_checking_name(session: AsyncSession) -> None:
    """Flush; a clash on the case-insensitive name index becomes ``ProductNameTaken``."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if NAME_INDEX in str(exc.orig):
            raise ProductNameTaken() from exc
        raise


def _insufficient(product: Product, stock: int) -> InsufficientStock:
    return InsufficientStock(
        f"Stock cannot be {stock}: {product.reserved} units are reserved for unpaid orders."
    )


async def list_products(
    session: AsyncSession, *, filters: ProductFilters, page: PageParams
) -> tuple[Sequence[Product], str | None]:
    return await paginate(
        session,
        repository.list_statement(filters),
        page,
        created_at=Product.created_at,
        id_column=Product.id,
    )


async def get(session: AsyncSession, product_id: uuid.UUID) -> Product:
    product = await repository.get(session, product_id)
    if product is None:
        raise ProductNotFound()
    return product


async def create(session: AsyncSession, *, seller: Principal, data: ProductCreate) -> Product:
    product = Product(seller_id=seller.user_id, reserved=0, **data.model_dump())
    session.add(product)
    await _flush_checking_name(session)
    await publish(
        session, ProductCreated(**snapshot(product)), subject_user_ids=[product.seller_id]
    )
    return product


async def update(
    session: AsyncSession,
    *,
    actor: Principal,
    product_id: uuid.UUID,
    changes: dict[str, Any],
) -> Product:
    """Apply ``changes`` (PUT sends every field, PATCH some) to a live product."""
    product = await _editable(session, actor=actor, product_id=product_id)
    stock_before = product.stock
    if "stock" in changes and changes["stock"] < product.reserved:
        raise _insufficient(product, changes["stock"])
    for field, value in changes.items():
        setattr(product, field, value)
    await _flush_checking_name(session)
    await publish(
        session, ProductUpdated(**snapshot(product)), subject_user_ids=[product.seller_id]
    )
    if product.stock != stock_before:
        await publish_stock_changed(session, [product])
    return product


async def archive(session: AsyncSession, *, actor: Principal, product_id: uuid.UUID) -> None:
    """Hide the product from lists and new orders; archiving twice is a no-op. Units already
    reserved stay held, so orders in flight can still be paid."""
    product = await _editable(session, actor=actor, product_id=product_id, allow_archived=True)
    if product.archived:
        return
    product.archived_at = utcnow()
    await session.flush()
    await publish(
        session,
        ProductArchivedEvent(product_id=product.id, seller_id=product.seller_id),
        subject_user_ids=[product.seller_id],
    )


async def adjust_stock(
    session: AsyncSession, *, actor: Principal, product_id: uuid.UUID, delta: int
) -> Product:
    product = await _editable(session, actor=actor, product_id=product_id)
    stock = product.stock + delta
    if stock < product.reserved:
        raise _insufficient(product, stock)
    product.stock = stock
    await session.flush()
    await publish_stock_changed(session, [product])
    return product


async def _editable(
    session: AsyncSession,
    *,
    actor: Principal,
    product_id: uuid.UUID,
    allow_archived: bool = False,
) -> Product:
    """The product locked for a change by ``actor`` (its seller or an admin)."""
    product = await repository.get_for_update(session, product_id)
    if product is None:
        raise ProductNotFound()
    if not actor.is_admin and product.seller_id != actor.user_id:
        raise NotProductOwner()
    if product.archived and not allow_archived:
        raise ProductArchived()
    return product
