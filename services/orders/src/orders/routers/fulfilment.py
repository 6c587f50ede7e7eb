"""An order's shipping and support thread: ``/{order_id}/shipping``, ``/{order_id}/messages``
(included at the root and under ``/orders``, like the order itself)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.pagination import Page, PageDep
from orders.errors import IllegalTransition, OrderActionForbidden, OrderNotFound
from orders.models import OrderMessage
from orders.schemas import MessageCreate, MessageRead, ShippingRead, ShippingUpdate
from orders.service import fulfilment as fulfilment_service

router = APIRouter(prefix="/{order_id:uuid}", tags=["fulfilment"])


@router.get(
    "/shipping", response_model=ShippingRead, responses=error_responses(Unauthorized, OrderNotFound)
)
async def read_shipping(
    order_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> ShippingRead:
    """The order's shipping address and the shipping state of each line. Its buyer, a seller of its
    lines (own lines only) or an admin. Read-only.
    """
    return await fulfilment_service.shipping(session, principal=user, order_id=order_id)


@router.patch(
    "/shipping",
    response_model=ShippingRead,
    responses=error_responses(Unauthorized, OrderNotFound, OrderActionForbidden, IllegalTransition),
)
async def update_shipping(
    order_id: uuid.UUID, body: ShippingUpdate, session: SessionDep, user: CurrentUser
) -> ShippingRead:
    """Mark a paid order `shipped` (with carrier and tracking number), then `delivered`. A seller
    of its lines or an admin (the buyer gets 403). Each step is announced by an event; a step
    out of order (shipping an unpaid order, going back) is 409.
    """
    return await fulfilment_service.update_shipping(
        session, principal=user, order_id=order_id, update=body
    )


@router.post(
    "/messages",
    status_code=201,
    response_model=MessageRead,
    responses=error_responses(Unauthorized, OrderNotFound),
)
async def post_message(
    order_id: uuid.UUID, body: MessageCreate, session: SessionDep, user: CurrentUser
) -> OrderMessage:
    """Add a message to the order's support thread. Its buyer, a seller of its lines or an admin.
    Each call adds a message.
    """
    return await fulfilment_service.post_message(
        session, principal=user, order_id=order_id, body=body.body
    )


@router.get(
    "/messages",
    response_model=Page[MessageRead],
    responses=error_responses(Unauthorized, OrderNotFound),
)
async def list_messages(
    order_id: uuid.UUID, session: SessionDep, user: CurrentUser, page: PageDep
) -> Any:
    """The order's support thread, oldest first. Its buyer, a seller of its lines or an admin.
    Read-only.
    """
    return await fulfilment_service.messages(session, principal=user, order_id=order_id, page=page)
