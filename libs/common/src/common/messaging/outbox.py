"""Publishing: an event is a row in the service's ``outbox`` table, written in the same
transaction as the state change it announces. The process's fast path sends it right after the
commit when it can (common.messaging.fastpath); otherwise, and as the safety net, the relay."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, insert
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.events.base import Envelope, Event
from common.messaging.context import correlation_id
from common.messaging.fastpath import FAST_PATH, FastPath
from common.messaging.sender import OutboxRow
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
    row = OutboxRow(envelope.id, envelope.type, envelope.model_dump_json().encode())
    fast = session.info.get(FAST_PATH)
    fast = fast if isinstance(fast, FastPath) and fast.taking else None
    await session.execute(
        insert(outbox).values(
            id=row.id,
            routing_key=row.routing_key,
            body=row.body,
            created_at=envelope.occurred_at,
            leased_until=func.now() + fast.lease if fast is not None else None,
        )
    )
    if fast is not None:
        fast.hold(session, row)
    return envelope
