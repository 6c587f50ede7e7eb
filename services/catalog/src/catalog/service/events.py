"""Building the catalog's outgoing events from products (published through the outbox)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product
from common.events.catalog import StockChanged
from common.messaging.outbox import publish


class StockFigures(Protocol):
    """What ``StockChanged`` carries: an ORM product or a locked ``StockLevel``."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def seller_id(self) -> uuid.UUID: ...
    @property
    def stock(self) -> int: ...
    @property
    def reserved(self) -> int: ...
    @property
    def available(self) -> int: ...


def snapshot(product: Product) -> dict[str, Any]:
    """The fields of ``ProductCreated`` / ``ProductUpdated``."""
    return {
        "product_id": product.id,
        "seller_id": product.seller_id,
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "currency": product.currency,
        "stock": product.stock,
        "available": product.available,
    }


async def publish_stock_changed(session: AsyncSession, products: Iterable[StockFigures]) -> None:
    """One ``catalog.stock.changed`` per product, carrying its stock after the change."""
    for product in sorted(products, key=lambda p: p.id):
        await publish(
            session,
            StockChanged(
                product_id=product.id,
                seller_id=product.seller_id,
                stock=product.stock,
                reserved=product.reserved,
                available=product.available,
            ),
            subject_user_ids=[product.seller_id],
        )
