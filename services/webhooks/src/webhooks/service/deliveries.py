"""Deliveries through the API: the test event, the log, and a manual retry."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.events.webhooks import WebhookTest
from webhooks.errors import DeliveryInFlight, DeliveryNotFound, EndpointDisabled
from webhooks.events import payload
from webhooks.models import Delivery, Endpoint
from webhooks.repository import deliveries as repo
from webhooks.repository import endpoints as endpoints_repo


async def send_test(session: AsyncSession, endpoint: Endpoint) -> Delivery:
    """A ``webhook.test`` delivery to this endpoint alone, due now."""
    if not endpoint.enabled:
        raise EndpointDisabled()
    event = WebhookTest(endpoint_id=endpoint.id, user_id=endpoint.user_id)
    now = utcnow()
    sequence = await repo.next_sequence(session, f"endpoint:{endpoint.id}")
    delivery = Delivery(
        endpoint_id=endpoint.id,
        user_id=endpoint.user_id,
        event_id=uuid.uuid4(),
        event_type=event.routing_key,
        payload=payload(event.routing_key, now, event.model_dump(mode="json"), sequence),
        status="pending",
        next_attempt_at=now,
    )
    session.add(delivery)
    await session.flush()
    await repo.notify_due(session)
    return delivery


async def visible(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID, *, lock: bool = False
) -> Delivery:
    delivery = await repo.get(session, delivery_id, lock=lock)
    if delivery is None or (delivery.user_id != principal.user_id and not principal.is_admin):
        raise DeliveryNotFound()
    return delivery


async def retry(session: AsyncSession, delivery: Delivery) -> Delivery:
    """Send the delivery again now: same ``webhook-id`` and body, a fresh timestamp and
    signature. A finished delivery gets one manual attempt; a waiting one is brought
    forward and keeps its schedule."""
    endpoint = await endpoints_repo.get(session, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        raise EndpointDisabled()
    now = utcnow()
    if delivery.status == "pending":
        if delivery.claimed_until is not None and delivery.claimed_until > now:
            raise DeliveryInFlight()
    else:
        delivery.status = "pending"
        delivery.manual = True
    delivery.next_attempt_at = now
    delivery.updated_at = now
    await session.flush()
    await repo.notify_due(session)
    return delivery
