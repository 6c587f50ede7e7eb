"""Annotated dependencies of the catalog routes: the runtime and the product filters."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from catalog.runtime import Runtime
from catalog.schemas import ProductFilters
from common.runtime import runtime_dependency

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def _product_filters(
    q: Annotated[
        str | None,
        Query(max_length=200, description="Words that must all appear in name or description"),
    ] = None,
    seller_id: Annotated[uuid.UUID | None, Query(description="Only this seller's products")] = None,
    min_price: Annotated[int | None, Query(ge=0, description="Minimum price, minor units")] = None,
    max_price: Annotated[int | None, Query(ge=0, description="Maximum price, minor units")] = None,
    in_stock: Annotated[
        bool | None, Query(description="true: something available; false: nothing available")
    ] = None,
) -> ProductFilters:
    return ProductFilters(
        q=q, seller_id=seller_id, min_price=min_price, max_price=max_price, in_stock=in_stock
    )


ProductFiltersDep = Annotated[ProductFilters, Depends(_product_filters)]
