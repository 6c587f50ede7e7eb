"""The product read model, fed by catalog events. Each change is stamped with the event's
``occurred_at`` so a late or repeated delivery never overwrites newer data."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.catalog import ProductArchived, ProductSnapshot, StockChanged
from common.messaging.consumer import current_envelope
from orders.catalog import CatalogLookup
from orders.repository import products as product_repository
from orders.repository.products import EPOCH, KnownProduct


def _occurred_at() -> dt.datetime:
    envelope = current_envelope.get()
    return envelope.occurred_at if envelope is not None else dt.datetime.now(dt.UTC)


async def snapshot(session: AsyncSession, event: ProductSnapshot) -> None:
    at = _occurred_at()
    await product_repository.upsert_snapshot(
        session,
        {
            "id": event.product_id,
            "seller_id": event.seller_id,
            "name": event.name,
            "description": event.description,
            "price": event.price,
            "currency": event.currency.upper(),
            "available": event.available,
            "updated_at": at,
            "stock_updated_at": at,
        },
    )


async def known(
    session: AsyncSession,
    ids: Sequence[uuid.UUID],
    *,
    catalog: CatalogLookup | None,
) -> dict[uuid.UUID, KnownProduct]:
    """The read model's products among ``ids``, after asking the catalog (when given) about
    those it has not seen yet: they are stored as epoch-stamped provisional snapshots that the
    catalog's own events replace (see orders.catalog)."""
    products = await product_repository.get_many(session, ids)
    missing = [product_id for product_id in ids if product_id not in products]
    if not missing or catalog is None:
        return products
    found = [p for p in await catalog.products(missing) if not p.archived]
    for product in found:
        await product_repository.upsert_snapshot(
            session,
            {
                **product.model_dump(exclude={"archived"}),
                "currency": product.currency.upper(),
                "updated_at": EPOCH,
                "stock_updated_at": EPOCH,
            },
        )
    if found:
        products |= await product_repository.get_many(session, [p.id for p in found])
    return products


async def archived(session: AsyncSession, event: ProductArchived) -> None:
    await product_repository.archive(
        session, product_id=event.product_id, seller_id=event.seller_id
    )


async def stock_changed(session: AsyncSession, event: StockChanged) -> None:
    await product_repository.set_available(
        session, product_id=event.product_id, available=event.available, at=_occurred_at()
    )
