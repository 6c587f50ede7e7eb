"""Queries on refresh tokens."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import RefreshToken


async def by_hash_for_update(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return (await session.scalars(statement)).one_or_none()


async def family_of(session: AsyncSession, user_id: uuid.UUID, family_id: uuid.UUID) -> bool:
    """Whether ``family_id`` is one of the user's sign-in sessions (not, say, an API key)."""
    statement = (
        select(RefreshToken.id)
        .where(RefreshToken.user_id == user_id, RefreshToken.family_id == family_id)
        .limit(1)
    )
    return (await session.scalar(statement)) is not None


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, *, now: dt.datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all(session: AsyncSession, user_id: uuid.UUID, *, now: dt.datetime) -> int:
    """Revoke every live refresh token of a user; returns how many."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge_expired(session: AsyncSession, *, before: dt.datetime) -> None:
    await session.execute(delete(RefreshToken).where(RefreshToken.expires_at < before))
