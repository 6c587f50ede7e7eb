"""Saved cards: ``/methods``."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.pagination import Page, PageDep, paginate
from payments.dependencies import ProviderDep
from payments.errors import (
    CardExpired,
    CardRejected,
    InvalidCardNumber,
    InvalidCvc,
    InvalidExpiry,
    PaymentMethodNotFound,
    ProviderUnavailable,
)
from payments.models import PaymentMethod
from payments.repository import methods as repository
from payments.schemas import PaymentMethodCreate, PaymentMethodRead
from payments.service import methods as service

router = APIRouter(prefix="/methods", tags=["payment methods"])


@router.post(
    "",
    status_code=201,
    response_model=PaymentMethodRead,
    responses={
        200: {
            "description": "This card was saved before: the saved method",
            "model": PaymentMethodRead,
        },
        **error_responses(
            Unauthorized,
            InvalidCardNumber,
            CardExpired,
            InvalidExpiry,
            InvalidCvc,
            CardRejected,
            ProviderUnavailable,
        ),
    },
)
async def add_method(
    body: PaymentMethodCreate,
    session: SessionDep,
    user: CurrentUser,
    provider: ProviderDep,
    response: Response,
) -> Any:
    """Save a card. The number and CVC go to the provider and are never stored or returned.
    Any signed-in user. Luhn and expiry are checked (422). Saving the same card again returns
    the saved one (200) instead of a new one (201)."""
    method, created = await service.add(session, provider, user_id=user.user_id, data=body)
    response.status_code = 201 if created else 200
    return method


@router.get("", response_model=Page[PaymentMethodRead], responses=error_responses(Unauthorized))
async def list_methods(session: SessionDep, user: CurrentUser, page: PageDep) -> Any:
    """The caller's saved cards (brand, last 4 digits, expiry, fingerprint). Any signed-in user.
    Read-only.
    """
    rows, cursor = await paginate(
        session,
        repository.for_user(user.user_id),
        page,
        created_at=PaymentMethod.created_at,
        id_column=PaymentMethod.id,
    )
    return {"items": rows, "next_cursor": cursor}


@router.delete(
    "/{method_id}",
    status_code=204,
    responses=error_responses(Unauthorized, PaymentMethodNotFound),
)
async def delete_method(method_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> None:
    """Delete one of the caller's saved cards. Any signed-in user; another user's card is 404, and
    so is a repeat.
    """
    await service.remove(session, user_id=user.user_id, method_id=method_id)
