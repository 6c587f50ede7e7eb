"""Delivery queries for the API: creating, listing with their attempts, the sequence counters."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.duework import notify
from common.pagination import PageParams, paginate
from webhooks.models import Delivery, DeliveryAttempt, ResourceSequence

NOTIFY_CHANNEL = "webhooks_due"


_CREATE = text(
    """
    INSERT INTO delivery (id, endpoint_id, user_id, event_id, event_type, payload, status,
        attempts, retries, manual, next_attempt_at, created_at, updated_at)
    SELECT v.id, v.endpoint_id, v.user_id, :event_id, :event_type, v.payload, 'pending',
        0, 0, false, :now, :now, :now
    FROM unnest(CAST(:ids AS uuid[]), CAST(:endpoints AS uuid[]), CAST(:users AS uuid[]),
                CAST(:payloads AS bytea[])) AS v(id, endpoint_id, user_id, payload)
    ON CONFLICT (endpoint_id, event_id) DO NOTHING
    """
)


async def create_for_event(
    session: AsyncSession,
    *,
    event_id: uuid.UUID,
    event_type: str,
    now: dt.datetime,
    rows: Sequence[tuple[uuid.UUID, uuid.UUID, bytes]],
) -> int:
    """One pending delivery per ``(endpoint_id, user_id, payload)``, in one statement; an
    endpoint that already has this event is skipped (a redelivered event never makes a
    second delivery). Returns how many were new."""
    if not rows:
        return 0
    result = await session.execute(
        _CREATE,
        {
            "event_id": event_id,
            "event_type": event_type,
            "now": now,
            "ids": [uuid.uuid4() for _ in rows],
            "endpoints": [endpoint for endpoint, _, _ in rows],
            "users": [user for _, user, _ in rows],
            "payloads": [payload for _, _, payload in rows],
        },
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def next_sequence(session: AsyncSession, resource: str) -> int:
    """The next number in ``resource``'s sequence (1 for its first event). The row lock
    orders concurrent events about one resource."""
    statement = (
        insert(ResourceSequence)
        .values(resource=resource, last=1)
        .on_conflict_do_update(
            index_elements=["resource"], set_={"last": ResourceSequence.last + 1}
        )
        .returning(ResourceSequence.last)
    )
    value: int = (await session.execute(statement)).scalar_one()
    return value


async def notify_due(session: AsyncSession) -> None:
    """Wake the dispatchers when the transaction commits."""
    await notify(session, NOTIFY_CHANNEL)


async def get(
    session: AsyncSession, delivery_id: uuid.UUID, *, lock: bool = False
) -> Delivery | None:
    statement = select(Delivery).where(Delivery.id == delivery_id)
    if lock:
        statement = statement.with_for_update()
    result: Delivery | None = await session.scalar(statement)
    return result


async def page(
    session: AsyncSession, params: PageParams, *, endpoint_id: uuid.UUID, status: str | None
) -> tuple[Sequence[Delivery], str | None]:
    statement = select(Delivery).where(Delivery.endpoint_id == endpoint_id)
    if status is not None:
        statement = statement.where(Delivery.status == status)
    return await paginate(
        session, statement, params, created_at=Delivery.created_at, id_column=Delivery.id
    )


async def attempts_of(
    session: AsyncSession, delivery_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DeliveryAttempt]]:
    """Each delivery's attempts, oldest first."""
    found: dict[uuid.UUID, list[DeliveryAttempt]] = {id_: [] for id_ in delivery_ids}
    if delivery_ids:
        rows = await session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id.in_(list(delivery_ids)))
            .order_by(DeliveryAttempt.attempted_at, DeliveryAttempt.id)
        )
        for attempt in rows:
            found[attempt.delivery_id].append(attempt)
    return found


async def purge_finished(session: AsyncSession, *, before: dt.datetime) -> int:
    """Delete finished deliveries (and their attempts) last touched before ``before``."""
    result = await session.execute(
        delete(Delivery).where(Delivery.status != "pending", Delivery.updated_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
