"""Building the catalog's outgoing events from products (published through the outbox)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product
from common.events.catalog import StockChanged
from common.messaging.outbox import publish


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


async def publish_stock_changed(session: AsyncSession, products: Iterable[Product]) -> None:
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
