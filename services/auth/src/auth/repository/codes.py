"""Queries on verification codes."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import VerificationCode


async def latest(
    session: AsyncSession, user_id: uuid.UUID, purpose: str
) -> VerificationCode | None:
    statement = (
        select(VerificationCode)
        .where(VerificationCode.user_id == user_id, VerificationCode.purpose == purpose)
        .order_by(VerificationCode.created_at.desc())
        .limit(1)
    )
    return (await session.scalars(statement)).one_or_none()


async def active_for_update(
    session: AsyncSession, user_id: uuid.UUID, purpose: str, *, now: dt.datetime
) -> VerificationCode | None:
    """The newest unused, unexpired code, locked so concurrent guesses are counted one by one."""
    statement = (
        select(VerificationCode)
        .where(
            VerificationCode.user_id == user_id,
            VerificationCode.purpose == purpose,
            VerificationCode.used_at.is_(None),
            VerificationCode.expires_at > now,
        )
        .order_by(VerificationCode.created_at.desc())
        .limit(1)
        .with_for_update()
    )
    return (await session.scalars(statement)).one_or_none()


async def invalidate(
    session: AsyncSession, user_id: uuid.UUID, purpose: str, *, now: dt.datetime
) -> None:
    """Retire earlier codes: only the newest code of a purpose is ever valid."""
    await session.execute(
        update(VerificationCode)
        .where(
            VerificationCode.user_id == user_id,
            VerificationCode.purpose == purpose,
            VerificationCode.used_at.is_(None),
        )
        .values(used_at=now)
    )


async def purge_expired(session: AsyncSession, *, before: dt.datetime) -> None:
    await session.execute(delete(VerificationCode).where(VerificationCode.expires_at < before))
