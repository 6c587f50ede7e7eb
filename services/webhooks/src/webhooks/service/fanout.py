"""Fan-out: one delivery per matching endpoint of the users an event concerns."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from common.events.base import Envelope
from webhooks.events import patterns_matching, payload, resource_of, visible_data
from webhooks.repository import deliveries as deliveries_repo
from webhooks.repository import endpoints as endpoints_repo


async def fan_out(session: AsyncSession, envelope: Envelope) -> int:
    """Create the event's deliveries (none twice per endpoint); returns how many were new.

    Recipients are the enabled endpoints subscribed to the event's type that belong to one of
    its ``subject_user_ids`` (the buyer and the sellers concerned), plus admins' endpoints
    that receive every user's events.
    """
    endpoints = await endpoints_repo.matching(
        session, subjects=envelope.subject_user_ids, patterns=patterns_matching(envelope.type)
    )
    if not endpoints:
        return 0
    resource = resource_of(envelope.data)
    sequence = 1 if resource is None else await deliveries_repo.next_sequence(session, resource)
    rows = [
        (
            endpoint.id,
            endpoint.user_id,
            payload(
                envelope.type,
                envelope.occurred_at,
                visible_data(envelope.data, endpoint.user_id, sees_all=endpoint.all_users),
                sequence,
            ),
        )
        for endpoint in endpoints
    ]
    created = await deliveries_repo.create_for_event(
        session, event_id=envelope.id, event_type=envelope.type, now=utcnow(), rows=rows
    )
    if created:
        await deliveries_repo.notify_due(session)
    return created
