"""API keys for sellers and admins, and their introspection by the gateway."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from auth.dependencies import InternalCaller, RuntimeDep, SellerAccount
from auth.errors import (
    ApiKeyNotFound,
    InvalidApiKey,
    InvalidInternalToken,
    NotAuthenticated,
    RoleRequired,
)
from auth.models import ApiKey
from auth.repository import api_keys as key_repo
from auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    IntrospectRequest,
    IntrospectResponse,
)
from auth.service import api_keys
from common.db import SessionDep
from common.errors import Unprocessable, error_responses
from common.pagination import Page, PageDep, paginate

router = APIRouter(tags=["api keys"])
SELLER = (NotAuthenticated, RoleRequired)


@router.post(
    "/api-keys",
    status_code=201,
    response_model=ApiKeyCreated,
    summary="Create a server-to-server key; the full key is shown only here",
    responses=error_responses(*SELLER, Unprocessable),
)
async def create_api_key(body: ApiKeyCreate, user: SellerAccount, session: SessionDep) -> Any:
    """Create a server-to-server API key (`sk_...`), usable as `Authorization: Bearer sk_...` at
    the gateway. The full key is in this response only; it is stored hashed. Sellers and admins
    (buyers 403). Each call makes a new key.
    """
    row, key = await api_keys.create(session, user=user, name=body.name)
    return ApiKeyCreated.model_validate({**ApiKeyRead.model_validate(row).model_dump(), "key": key})


@router.get(
    "/api-keys",
    response_model=Page[ApiKeyRead],
    summary="List live keys (own; an admin sees everyone's, optionally one user's)",
    responses=error_responses(*SELLER, Unprocessable),
)
async def list_api_keys(
    user: SellerAccount,
    session: SessionDep,
    page: PageDep,
    user_id: Annotated[uuid.UUID | None, Query(description="Admins only: one user's keys")] = None,
) -> Any:
    """The caller's API keys (prefix and last 4 characters only, never the key). Sellers and
    admins. Read-only.
    """
    owner = user_id if user.role == "admin" else user.id
    rows, cursor = await paginate(
        session,
        key_repo.live(user_id=owner),
        page,
        created_at=ApiKey.created_at,
        id_column=ApiKey.id,
    )
    return {"items": rows, "next_cursor": cursor}


@router.delete(
    "/api-keys/{key_id}",
    status_code=204,
    summary="Revoke a key",
    responses=error_responses(*SELLER, ApiKeyNotFound, Unprocessable),
)
async def revoke_api_key(
    key_id: uuid.UUID, user: SellerAccount, session: SessionDep, rt: RuntimeDep
) -> Response:
    """Revoke one of the caller's API keys; it stops working within a second. Sellers and
    admins; another user's key is 404. A repeat is 404.
    """
    await api_keys.revoke(session, rt, user=user, key_id=key_id)
    return Response(status_code=204)


@router.post(
    "/internal/api-keys/introspect",
    response_model=IntrospectResponse,
    include_in_schema=False,
    dependencies=[InternalCaller],
    responses=error_responses(InvalidApiKey, InvalidInternalToken),
)
async def introspect_api_key(body: IntrospectRequest, session: SessionDep, rt: RuntimeDep) -> Any:
    """Trade an API key for a short-lived access token (the gateway's internal call)."""
    return await api_keys.introspect(session, rt, key=body.key)
