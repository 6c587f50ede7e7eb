"""``/cart``: the caller's cart."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from orders.catalog import CatalogDep, CatalogUnavailable
from orders.errors import CartItemNotFound, CurrencyMismatch, ProductUnavailable, QuantityTooLarge
from orders.schemas import CartLineRead, CartRead, LineItem, QuantityUpdate
from orders.service import cart as cart_service

router = APIRouter(prefix="/cart", tags=["cart"])


@router.get("", response_model=CartRead, responses=error_responses(Unauthorized))
async def read_cart(session: SessionDep, user: CurrentUser) -> CartRead:
    """The caller's cart: product names, unit prices, line totals and the total. Any signed-in
    user. Read-only.
    """
    return await cart_service.read(session, user_id=user.user_id)


@router.delete("", status_code=204, responses=error_responses(Unauthorized))
async def empty_cart(session: SessionDep, user: CurrentUser) -> None:
    """Remove every line from the caller's cart. Any signed-in user. Idempotent."""
    await cart_service.clear(session, user_id=user.user_id)


@router.post(
    "/items",
    status_code=201,
    response_model=CartLineRead,
    responses={
        200: {"model": CartLineRead, "description": "The product was in the cart: increased"},
        **error_responses(
            Unauthorized, ProductUnavailable, CurrencyMismatch, QuantityTooLarge, CatalogUnavailable
        ),
    },
)
async def add_cart_item(
    body: LineItem, session: SessionDep, user: CurrentUser, response: Response, catalog: CatalogDep
) -> CartLineRead:
    """Add a product to the caller's cart, or increase its quantity if it is already there (200; a
    new line is 201). Any signed-in user. Not idempotent: a repeat adds the quantity again.
    """
    line, created = await cart_service.add(
        session,
        user_id=user.user_id,
        product_id=body.product_id,
        quantity=body.quantity,
        catalog=catalog,
    )
    response.status_code = 201 if created else 200
    return line


@router.patch(
    "/items/{item_id}",
    response_model=CartLineRead,
    responses=error_responses(Unauthorized, CartItemNotFound),
)
async def update_cart_item(
    item_id: uuid.UUID, body: QuantityUpdate, session: SessionDep, user: CurrentUser
) -> CartLineRead:
    """Set the quantity of one line of the caller's cart. Any signed-in user; another user's line
    is 404. Idempotent.
    """
    return await cart_service.set_quantity(
        session, user_id=user.user_id, item_id=item_id, quantity=body.quantity
    )


@router.delete(
    "/items/{item_id}", status_code=204, responses=error_responses(Unauthorized, CartItemNotFound)
)
async def remove_cart_item(item_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> None:
    """Remove one line from the caller's cart. Any signed-in user; a repeat is 404."""
    await cart_service.remove(session, user_id=user.user_id, item_id=item_id)
