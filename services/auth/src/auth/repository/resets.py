"""Queries on the queue of password reset requests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import PasswordResetRequest


async def claim(session: AsyncSession, *, limit: int) -> Sequence[PasswordResetRequest]:
    """The oldest requests, skipping rows another worker holds."""
    statement = (
        select(PasswordResetRequest)
        .order_by(PasswordResetRequest.requested_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(statement)).all()
