"""Asking the catalog about products the read model has not seen yet (read your writes).

A product created a moment ago reaches the read model through ``catalog.product.created``
milliseconds later; a buyer ordering it in between must not be told it is unknown. So ids the
read model lacks are looked up on the catalog's internal route, and what it knows is stored as
a provisional snapshot stamped at the epoch: the creation event, whenever it arrives, replaces
it (the read model keeps the newest stamp), and the catalog still confirms stock and prices in
the saga. A catalog that cannot be asked is a 503, never "unknown".
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated

import httpx
import structlog
from fastapi import Depends
from pydantic import BaseModel

from common.errors import DependencyUnavailable
from orders.dependencies import RuntimeDep

log = structlog.get_logger("orders.catalog")


class CatalogProduct(BaseModel):
    id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    description: str
    price: int
    currency: str
    available: int
    archived: bool


class _Products(BaseModel):
    items: list[CatalogProduct]


class CatalogUnavailable(DependencyUnavailable):
    default_message = "The catalog cannot be asked about a new product right now; retry shortly."


@dataclass(frozen=True, slots=True)
class CatalogLookup:
    http: httpx.AsyncClient
    base_url: str
    internal_token: str
    timeout: float

    async def products(self, ids: Collection[uuid.UUID]) -> list[CatalogProduct]:
        """The catalog's products among ``ids`` (unknown ids are absent)."""
        try:
            response = await self.http.get(
                f"{self.base_url}/internal/products",
                params=[("ids", str(product_id)) for product_id in ids],
                headers={"X-Internal-Token": self.internal_token},
                timeout=self.timeout,
            )
            response.raise_for_status()
            return _Products.model_validate_json(response.content).items
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("catalog_lookup_failed", error=repr(exc))
            raise CatalogUnavailable() from exc


async def _catalog_lookup(runtime: RuntimeDep) -> CatalogLookup:
    settings = runtime.settings
    return CatalogLookup(
        runtime.http,
        settings.catalog_url.rstrip("/"),
        settings.internal_token,
        settings.catalog_timeout_seconds,
    )


CatalogDep = Annotated[CatalogLookup, Depends(_catalog_lookup)]
