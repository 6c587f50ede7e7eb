"""Publishing: an event is a row in the service's ``outbox`` table, written in the same
transaction as the state change it announces. The relay sends it later."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.events.base import Envelope, Event
from common.messaging.context import correlation_id
from common.platform_tables import outbox


async def publish(
    session: AsyncSession,
    event: Event,
    *,
    subject_user_ids: Iterable[uuid.UUID] = (),
) -> Envelope:
    """Queue ``event`` for delivery once the caller's transaction commits.

    ``subject_user_ids`` are the users the event is about (buyer, sellers), used to route
    webhooks and notifications.
    """
    envelope = Envelope.wrap(
        event,
        subject_user_ids=list(dict.fromkeys(subject_user_ids)),
        correlation_id=correlation_id.get(),
        traceparent=tracing.traceparent(),
    )
    await session.execute(
        insert(outbox).values(
            id=envelope.id,
            routing_key=envelope.type,
            body=envelope.model_dump_json().encode(),
            created_at=envelope.occurred_at,
        )
    )
    return envelope
