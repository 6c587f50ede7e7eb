"""Placing, reading, changing and cancelling orders.

The gateway maps ``/api/orders/<rest>`` to ``/<rest>``, so the collection is served at ``/`` and
an order at ``/{order_id}`` (``/api/orders``, ``/api/orders/{id}`` as the gateway publishes them);
``/orders`` and ``/orders/{order_id}`` are the same routes for direct callers.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import IdempotencyDep, IdempotencyKeyInFlight, IdempotencyKeyReused
from common.pagination import Page, PageDep
from orders.catalog import CatalogDep, CatalogUnavailable
from orders.dependencies import AsSeller, StatusFilter, UserFilter
from orders.errors import (
    CannotRemoveLastLine,
    CartEmpty,
    CurrencyMismatch,
    IllegalTransition,
    OrderActionForbidden,
    OrderLineNotFound,
    OrderNotEditable,
    OrderNotFound,
    OrderTotalTooLarge,
    ProductUnavailable,
    QuantityTooLarge,
)
from orders.schemas import LineItem, OrderCancel, OrderCreate, OrderRead
from orders.service import orders as order_service
from orders.service import placement as placement_service

router = APIRouter(tags=["orders"])
"""The collection: ``/`` and its alias ``/orders``."""

order_router = APIRouter(prefix="/{order_id:uuid}", tags=["orders"])
"""One order; included at the root and under ``/orders``."""

LINE_ERRORS = (
    ProductUnavailable,
    CurrencyMismatch,
    QuantityTooLarge,
    OrderTotalTooLarge,
    CatalogUnavailable,
)


@router.post("/orders", status_code=201, response_model=OrderRead, include_in_schema=False)
@router.post(
    "/",
    status_code=201,
    response_model=OrderRead,
    responses=error_responses(
        Unauthorized, CartEmpty, IdempotencyKeyInFlight, IdempotencyKeyReused, *LINE_ERRORS
    ),
)
async def place_order(
    body: OrderCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyDep,
    catalog: CatalogDep,
) -> Response:
    """Place an order from `items` or from the caller's cart (`from_cart: true`, which empties the
    cart), with a shipping address. Any signed-in user. Answers 201 `pending`; the catalog then
    reserves the stock (`awaiting_payment`) or refuses it (`rejected`) within moments. Send an
    `Idempotency-Key` to retry safely: the same key and body replay the first answer.
    """

    async def produce() -> OrderRead:
        return await placement_service.place(
            session, user_id=user.user_id, request=body, catalog=catalog
        )

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=201, produce=produce
    )


@router.get("/orders", response_model=Page[OrderRead], include_in_schema=False)
@router.get(
    "/",
    response_model=Page[OrderRead],
    responses=error_responses(Unauthorized, OrderActionForbidden),
)
async def list_orders(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: StatusFilter = None,
    user_id: UserFilter = None,
    as_seller: AsSeller = False,
) -> Any:
    """The caller's orders, newest first, paginated, with a `status` filter. Admins see everyone's
    (`?user_id=` narrows); `as_seller=true` lists the orders holding the caller's products
    (sellers see their own lines only). Read-only.
    """
    return await order_service.list_orders(
        session, principal=user, page=page, status=status, user_id=user_id, as_seller=as_seller
    )


@order_router.get(
    "", response_model=OrderRead, responses=error_responses(Unauthorized, OrderNotFound)
)
async def read_order(order_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> OrderRead:
    """One order with its lines, totals and status history. Its buyer or an admin; a seller of one
    of its lines sees the shipping address and its own lines only. Others get 404. Read-only.
    """
    return await order_service.get(session, principal=user, order_id=order_id)


CHANGE_ERRORS = (Unauthorized, OrderNotFound, OrderActionForbidden, OrderNotEditable)


@order_router.post(
    "/items",
    response_model=OrderRead,
    responses=error_responses(*CHANGE_ERRORS, *LINE_ERRORS),
)
async def add_order_item(
    order_id: uuid.UUID, body: LineItem, session: SessionDep, user: CurrentUser, catalog: CatalogDep
) -> OrderRead:
    """Add a line to an unpaid order (or increase its quantity); the stock is reserved again, all
    lines or none. The order's buyer; a paid order is 409.
    """
    return await placement_service.add_line(
        session,
        principal=user,
        order_id=order_id,
        product_id=body.product_id,
        quantity=body.quantity,
        catalog=catalog,
    )


@order_router.delete(
    "/items/{product_id}",
    response_model=OrderRead,
    responses=error_responses(*CHANGE_ERRORS, OrderLineNotFound, CannotRemoveLastLine),
)
async def remove_order_item(
    order_id: uuid.UUID, product_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> OrderRead:
    """Remove a line from an unpaid order; the stock is reserved again. The order's buyer; the last
    line cannot be removed (409, cancel instead).
    """
    return await placement_service.remove_line(
        session, principal=user, order_id=order_id, product_id=product_id
    )


@order_router.post(
    "/cancel",
    response_model=OrderRead,
    responses=error_responses(Unauthorized, OrderNotFound, OrderActionForbidden, IllegalTransition),
)
async def cancel_order(
    order_id: uuid.UUID, session: SessionDep, user: CurrentUser, body: OrderCancel | None = None
) -> OrderRead:
    """Cancel an order before it ships; its reserved stock is released and a paid order is refunded
    in full. Its buyer or an admin. Cancelling a shipped or already cancelled order is 409.
    """
    return await order_service.cancel(
        session, principal=user, order_id=order_id, reason=body.reason if body else None
    )
