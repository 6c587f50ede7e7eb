"""Service-to-service routes (``/internal/...``): never routed by the gateway, and each call
carries the shared ``X-Internal-Token``."""

from __future__ import annotations

import hmac
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel

from common.db import SessionDep
from common.errors import Unauthorized
from payments.dependencies import SettingsDep
from payments.errors import PaymentMethodNotFound
from payments.repository import methods as methods_repo

router = APIRouter(prefix="/internal", include_in_schema=False)


async def _internal_caller(
    settings: SettingsDep,
    x_internal_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    expected = settings.internal_token.encode()
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(), expected):
        raise Unauthorized("A valid X-Internal-Token is required.")


class OwnedPaymentMethod(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID


@router.get(
    "/users/{user_id}/payment-methods/{method_id}",
    response_model=OwnedPaymentMethod,
    dependencies=[Depends(_internal_caller)],
)
async def owned_payment_method(
    user_id: uuid.UUID, method_id: uuid.UUID, session: SessionDep
) -> OwnedPaymentMethod:
    """The user's own saved card (404 for an unknown id, a deleted card or another's card)."""
    method = await methods_repo.get_own(session, method_id, user_id=user_id)
    if method is None:
        raise PaymentMethodNotFound()
    return OwnedPaymentMethod(id=method.id, user_id=method.user_id)
