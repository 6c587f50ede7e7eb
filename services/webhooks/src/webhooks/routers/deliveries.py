"""One delivery: read it with its body and attempts, or send it again."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from webhooks.dependencies import DeliveryId
from webhooks.errors import DeliveryInFlight, DeliveryNotFound, EndpointDisabled
from webhooks.routers import views
from webhooks.schemas import DeliveryDetail, DeliveryRead
from webhooks.service import deliveries as service

router = APIRouter(prefix="/deliveries", tags=["webhook deliveries"])


@router.get(
    "/{delivery_id}",
    response_model=DeliveryDetail,
    responses=error_responses(Unauthorized, DeliveryNotFound),
)
async def read_delivery(delivery_id: DeliveryId, session: SessionDep, user: CurrentUser) -> Any:
    """One delivery with the body as sent and every attempt (time, status code, duration, the
    first KiB of the response), for the endpoint's owner or an admin; another user's delivery is
    404. Read-only."""
    delivery = await service.visible(session, user, delivery_id)
    return await views.delivery_detail(session, delivery)


@router.post(
    "/{delivery_id}/retry",
    status_code=202,
    response_model=DeliveryRead,
    responses=error_responses(Unauthorized, DeliveryNotFound, EndpointDisabled, DeliveryInFlight),
)
async def retry_delivery(delivery_id: DeliveryId, session: SessionDep, user: CurrentUser) -> Any:
    """Send it again now, with the same ``webhook-id`` and body and a fresh timestamp and
    signature."""
    delivery = await service.visible(session, user, delivery_id, lock=True)
    await service.retry(session, delivery)
    return (await views.deliveries(session, [delivery]))[0]
