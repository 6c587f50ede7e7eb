"""What the auth service's events change here: a user who is no longer an admin loses the
endpoints that received every user's events, and a deleted user's endpoints go with it."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.events.auth import UserDeleted, UserUpdated
from common.events.base import Envelope
from webhooks.models import Endpoint


async def apply(session: AsyncSession, envelope: Envelope) -> None:
    if envelope.type == UserUpdated.routing_key and envelope.data.get("role") != "admin":
        await session.execute(
            update(Endpoint)
            .where(Endpoint.user_id == _user(envelope), Endpoint.all_users.is_(True))
            .values(all_users=False)
        )
    elif envelope.type == UserDeleted.routing_key:
        await session.execute(delete(Endpoint).where(Endpoint.user_id == _user(envelope)))


def _user(envelope: Envelope) -> uuid.UUID:
    return uuid.UUID(str(envelope.data["user_id"]))
