"""HTTP routes of the catalog: public product reads, seller-owned product management."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from catalog.dependencies import ProductFiltersDep
from catalog.errors import (
    InsufficientStock,
    NotProductOwner,
    ProductArchived,
    ProductNameTaken,
    ProductNotFound,
)
from catalog.schemas import (
    ProductCreate,
    ProductList,
    ProductRead,
    ProductReplace,
    ProductUpdate,
    StockAdjust,
)
from catalog.service import products as product_service
from common.auth import SellerUser
from common.db import SessionDep
from common.errors import Forbidden, Unauthorized, Unprocessable, error_responses
from common.pagination import PageDep

router = APIRouter(prefix="/products", tags=["products"])

_EDIT_ERRORS = (Unauthorized, Forbidden, NotProductOwner, ProductNotFound, Unprocessable)


@router.get("", response_model=ProductList, responses=error_responses(Unprocessable))
async def list_products(session: SessionDep, page: PageDep, filters: ProductFiltersDep) -> Any:
    """Live products, newest first; no token needed."""
    items, cursor = await product_service.list_products(session, filters=filters, page=page)
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{product_id}",
    response_model=ProductRead,
    responses=error_responses(ProductNotFound, Unprocessable),
)
async def get_product(product_id: uuid.UUID, session: SessionDep) -> Any:
    """One product, archived ones included (orders refer to them); no token needed."""
    return await product_service.get(session, product_id)


@router.post(
    "",
    status_code=201,
    response_model=ProductRead,
    responses=error_responses(Unauthorized, Forbidden, ProductNameTaken, Unprocessable),
)
async def create_product(body: ProductCreate, session: SessionDep, user: SellerUser) -> Any:
    """Create a product owned by the caller. Sellers and admins (buyers 403). Names are unique
    case-insensitively (409). Prices are integer minor units. Not idempotent: a repeat is 409
    (the name is taken).
    """
    return await product_service.create(session, seller=user, data=body)


@router.put(
    "/{product_id}",
    response_model=ProductRead,
    responses=error_responses(*_EDIT_ERRORS, ProductArchived, ProductNameTaken, InsufficientStock),
)
async def replace_product(
    product_id: uuid.UUID, body: ProductReplace, session: SessionDep, user: SellerUser
) -> Any:
    """Replace every field of a product. Its owning seller or an admin; another seller gets 403.
    Stock may not go below what is reserved (409). Idempotent.
    """
    return await product_service.update(
        session, actor=user, product_id=product_id, changes=body.model_dump()
    )


@router.patch(
    "/{product_id}",
    response_model=ProductRead,
    responses=error_responses(*_EDIT_ERRORS, ProductArchived, ProductNameTaken, InsufficientStock),
)
async def update_product(
    product_id: uuid.UUID, body: ProductUpdate, session: SessionDep, user: SellerUser
) -> Any:
    """Change only the fields sent. Its owning seller or an admin; another seller gets 403. Stock
    may not go below what is reserved (409). Idempotent.
    """
    return await product_service.update(
        session, actor=user, product_id=product_id, changes=body.model_dump(exclude_unset=True)
    )


@router.delete(
    "/{product_id}",
    status_code=204,
    response_class=Response,
    responses=error_responses(*_EDIT_ERRORS),
)
async def archive_product(product_id: uuid.UUID, session: SessionDep, user: SellerUser) -> None:
    """Archive: gone from lists and new orders, still readable by id. Its owning seller or an
    admin; another seller gets 403. Idempotent."""
    await product_service.archive(session, actor=user, product_id=product_id)


@router.post(
    "/{product_id}/stock",
    response_model=ProductRead,
    responses=error_responses(*_EDIT_ERRORS, ProductArchived, InsufficientStock),
)
async def adjust_stock(
    product_id: uuid.UUID, body: StockAdjust, session: SessionDep, user: SellerUser
) -> Any:
    """Add (positive delta) or remove (negative) units; never below what is reserved (409).
    Its owning seller or an admin. Not idempotent: each call applies its delta."""
    return await product_service.adjust_stock(
        session, actor=user, product_id=product_id, delta=body.delta
    )
