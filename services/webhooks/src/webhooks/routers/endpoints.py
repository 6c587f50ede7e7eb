"""Endpoints: create (the secret shown once), list, read, update, delete, rotate, test."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.pagination import PageDep
from webhooks.dependencies import EndpointId, SettingsDep
from webhooks.errors import (
    AllUsersForbidden,
    EndpointDisabled,
    EndpointNotFound,
    InvalidDestination,
    UnknownEventType,
)
from webhooks.repository import deliveries as deliveries_repo
from webhooks.repository import endpoints as repo
from webhooks.routers import views
from webhooks.schemas import (
    DeliveryList,
    DeliveryRead,
    DeliveryStatus,
    EndpointCreate,
    EndpointCreated,
    EndpointList,
    EndpointRead,
    EndpointSecret,
    EndpointUpdate,
)
from webhooks.service import deliveries as delivery_service
from webhooks.service import endpoints as service

router = APIRouter(prefix="/endpoints", tags=["webhook endpoints"])
_SAVE_ERRORS = (Unauthorized, AllUsersForbidden, InvalidDestination, UnknownEventType)


@router.post(
    "", status_code=201, response_model=EndpointCreated, responses=error_responses(*_SAVE_ERRORS)
)
async def create_endpoint(
    body: EndpointCreate, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> Any:
    """Register a URL for the event types given (``orders.*`` selects every orders event,
    ``*`` everything). The response holds the signing ``secret``: it is never shown again."""
    endpoint, secret = await service.create(session, user, data=body, settings=settings)
    return EndpointCreated.model_validate(
        {**EndpointRead.model_validate(endpoint).model_dump(), "secret": secret}
    )


@router.get("", response_model=EndpointList, responses=error_responses(Unauthorized))
async def list_endpoints(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: Literal["enabled", "disabled"] | None = None,
    user_id: Annotated[uuid.UUID | None, Query(description="Admins: one user's")] = None,
) -> Any:
    """Your endpoints, newest first; an admin sees everyone's (``?user_id=`` for one user)."""
    owner = user_id if user.is_admin else user.user_id
    enabled = None if status is None else status == "enabled"
    items, cursor = await repo.page(session, page, user_id=owner, enabled=enabled)
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{endpoint_id}",
    response_model=EndpointRead,
    responses=error_responses(Unauthorized, EndpointNotFound),
)
async def read_endpoint(endpoint_id: EndpointId, session: SessionDep, user: CurrentUser) -> Any:
    """One endpoint (never its secret), for its owner or an admin; another user's endpoint is
    404. Read-only."""
    return await service.visible(session, user, endpoint_id)


@router.patch(
    "/{endpoint_id}",
    response_model=EndpointRead,
    responses=error_responses(*_SAVE_ERRORS, EndpointNotFound),
)
async def update_endpoint(
    endpoint_id: EndpointId,
    body: EndpointUpdate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> Any:
    """Change the URL, types or description, or enable / disable (``{"enabled": false}``).
    Disabling fails the deliveries still waiting; enabling starts afresh."""
    await service.check_update(user, body, settings)
    endpoint = await service.visible(session, user, endpoint_id, lock=True)
    return await service.update(session, endpoint, data=body)


@router.delete(
    "/{endpoint_id}", status_code=204, responses=error_responses(Unauthorized, EndpointNotFound)
)
async def delete_endpoint(
    endpoint_id: EndpointId, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete the endpoint with its delivery log."""
    endpoint = await service.visible(session, user, endpoint_id, lock=True)
    await session.delete(endpoint)
    return Response(status_code=204)


@router.post(
    "/{endpoint_id}/rotate-secret",
    response_model=EndpointSecret,
    responses=error_responses(Unauthorized, EndpointNotFound),
)
async def rotate_secret(
    endpoint_id: EndpointId, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> Any:
    """A new secret, shown once; the previous one keeps signing beside it (two ``v1,``
    signatures per delivery) until ``previous_secret_expires_at`` (24 h by default)."""
    endpoint = await service.visible(session, user, endpoint_id, lock=True)
    endpoint, secret = await service.rotate_secret(session, endpoint, settings)
    return EndpointSecret(
        id=endpoint.id,
        secret=secret,
        previous_secret_expires_at=endpoint.previous_secret_expires_at,
    )


@router.post(
    "/{endpoint_id}/test",
    status_code=202,
    response_model=DeliveryRead,
    responses=error_responses(Unauthorized, EndpointNotFound, EndpointDisabled),
)
async def send_test_event(endpoint_id: EndpointId, session: SessionDep, user: CurrentUser) -> Any:
    """Send a ``webhook.test`` event to this endpoint now (follow it in its deliveries)."""
    endpoint = await service.visible(session, user, endpoint_id)
    delivery = await delivery_service.send_test(session, endpoint)
    return (await views.deliveries(session, [delivery]))[0]


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=DeliveryList,
    responses=error_responses(Unauthorized, EndpointNotFound),
)
async def list_deliveries(
    endpoint_id: EndpointId,
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: DeliveryStatus | None = None,
) -> Any:
    """The endpoint's deliveries, newest first, each with every attempt (time, status code,
    duration, the first KiB of the response)."""
    await service.visible(session, user, endpoint_id)
    rows, cursor = await deliveries_repo.page(session, page, endpoint_id=endpoint_id, status=status)
    return {"items": await views.deliveries(session, rows), "next_cursor": cursor}
