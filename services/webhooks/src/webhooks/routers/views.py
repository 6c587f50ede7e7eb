"""Response bodies built from rows (a delivery's attempts come from their own query)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from webhooks.models import Delivery, DeliveryAttempt
from webhooks.repository import deliveries as repo
from webhooks.schemas import AttemptRead, DeliveryDetail, DeliveryRead


def _fields(delivery: Delivery, attempts: Sequence[DeliveryAttempt]) -> dict[str, object]:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "next_attempt_at": delivery.next_attempt_at if delivery.status == "pending" else None,
        "last_status_code": delivery.last_status_code,
        "created_at": delivery.created_at,
        "updated_at": delivery.updated_at,
        "attempts": [AttemptRead.model_validate(attempt) for attempt in attempts],
    }


async def deliveries(session: AsyncSession, rows: Sequence[Delivery]) -> list[DeliveryRead]:
    attempts = await repo.attempts_of(session, [row.id for row in rows])
    return [DeliveryRead.model_validate(_fields(row, attempts[row.id])) for row in rows]


async def delivery_detail(session: AsyncSession, delivery: Delivery) -> DeliveryDetail:
    attempts = await repo.attempts_of(session, [delivery.id])
    return DeliveryDetail.model_validate(
        {**_fields(delivery, attempts[delivery.id]), "payload_bytes": delivery.payload}
    )
