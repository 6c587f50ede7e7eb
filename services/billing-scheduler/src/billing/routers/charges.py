"""Charge history: ``/charges`` (all of one's own; an admin's everyone's) and per subscription."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from billing import repository as repo
from billing.dependencies import ChargeStatusFilter, UserFilter
from billing.errors import SubscriptionNotFound
from billing.schemas import ChargeRead
from billing.service import subscriptions as service
from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.pagination import Page, PageDep

router = APIRouter(tags=["billing"])


@router.get("/charges", response_model=Page[ChargeRead], responses=error_responses(Unauthorized))
async def list_charges(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: ChargeStatusFilter = None,
    user_id: UserFilter = None,
) -> Any:
    """Payment history: the caller's own charges (period, amount, status, attempts, payment
    id), newest first, optionally filtered by `status`; an admin sees everyone's, or one
    user's with `?user_id=` (ignored for others). Read-only."""
    rows, cursor = await repo.page_charges(
        session,
        page,
        user_id=service.visible_user(user, user_id),
        subscription_id=None,
        status=status,
    )
    return Page(items=[ChargeRead.model_validate(row) for row in rows], next_cursor=cursor)


@router.get(
    "/subscriptions/{subscription_id}/charges",
    response_model=Page[ChargeRead],
    responses=error_responses(Unauthorized, SubscriptionNotFound),
)
async def list_subscription_charges(
    subscription_id: uuid.UUID,
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: ChargeStatusFilter = None,
) -> Any:
    """The charges of one subscription, newest first, optionally filtered by `status`, for its
    owner or an admin; another user's subscription is 404. Read-only."""
    sub = await service.get_visible(session, user, subscription_id)
    rows, cursor = await repo.page_charges(
        session, page, user_id=None, subscription_id=sub.id, status=status
    )
    return Page(items=[ChargeRead.model_validate(row) for row in rows], next_cursor=cursor)
