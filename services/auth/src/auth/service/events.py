"""The auth events, published through the outbox in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import User
from common.events.auth import UserDeleted, UserRegistered, UserUpdated
from common.messaging.outbox import publish


async def registered(session: AsyncSession, user: User) -> None:
    event = UserRegistered(
        user_id=user.id, email=user.email, username=user.username, role=user.role
    )
    await publish(session, event, subject_user_ids=[user.id])


async def updated(session: AsyncSession, user: User) -> None:
    event = UserUpdated(
        user_id=user.id,
        email=user.email,
        username=user.username,
        role=user.role,
        is_active=user.is_active,
        email_verified=user.email_verified,
    )
    await publish(session, event, subject_user_ids=[user.id])


async def deleted(session: AsyncSession, user_id: uuid.UUID) -> None:
    await publish(session, UserDeleted(user_id=user_id), subject_user_ids=[user_id])
