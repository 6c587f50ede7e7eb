"""Service-to-service routes under ``/internal`` (the gateway never forwards them; each call
carries the shared ``X-Internal-Token``).

``GET /internal/products?ids=...``: products by id, archived ones included, for a service whose
read model has not yet seen a product that was just created (read your writes: orders asks
here before telling a buyer "unknown").
"""

from __future__ import annotations

import hmac
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from pydantic import BaseModel

from catalog.dependencies import RuntimeDep
from catalog.errors import InvalidInternalToken
from catalog.repository import products as product_repository
from catalog.schemas import ProductRead
from common.db import SessionDep
from common.errors import error_responses


async def _internal_caller(
    runtime: RuntimeDep,
    x_internal_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    expected = runtime.settings.internal_token.encode()
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(), expected):
        raise InvalidInternalToken()


class InternalProducts(BaseModel):
    items: list[ProductRead]


router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(_internal_caller)])


@router.get(
    "/products",
    response_model=InternalProducts,
    responses=error_responses(InvalidInternalToken),
)
async def products_by_id(
    session: SessionDep,
    ids: Annotated[list[uuid.UUID], Query(min_length=1, max_length=100)],
) -> Any:
    """The products among ``ids`` that exist (unknown ids are simply absent)."""
    return {"items": await product_repository.get_many(session, set(ids))}
