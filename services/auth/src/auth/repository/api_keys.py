"""Queries on API keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import ApiKey


def live(*, user_id: uuid.UUID | None) -> Select[Any]:
    """Unrevoked keys, of one user or (``None``) of everyone."""
    statement = select(ApiKey).where(ApiKey.revoked_at.is_(None))
    if user_id is not None:
        statement = statement.where(ApiKey.user_id == user_id)
    return statement


async def get_live(session: AsyncSession, key_id: uuid.UUID) -> ApiKey | None:
    statement = live(user_id=None).where(ApiKey.id == key_id).with_for_update()
    return (await session.scalars(statement)).one_or_none()


async def by_hash(session: AsyncSession, key_hash: str) -> ApiKey | None:
    statement = live(user_id=None).where(ApiKey.key_hash == key_hash)
    return (await session.scalars(statement)).one_or_none()


async def touch(
    session: AsyncSession, key_id: uuid.UUID, *, now: dt.datetime, every: dt.timedelta
) -> None:
    """Record a use, at most once per ``every`` so a busy key does not write on every call."""
    await session.execute(
        update(ApiKey)
        .where(
            ApiKey.id == key_id,
            or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - every),
        )
        .values(last_used_at=now)
    )


async def revoke_all(session: AsyncSession, user_id: uuid.UUID, *, now: dt.datetime) -> None:
    await session.execute(
        update(ApiKey)
        .where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=now)
    )
