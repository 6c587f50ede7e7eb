"""Queries on the queue of password reset requests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.models import PasswordResetRequest
from common import fastread


async def claim(session: AsyncSession, *, limit: int) -> Sequence[PasswordResetRequest]:
    """The oldest requests, skipping rows another worker holds."""
    statement = (
        select(PasswordResetRequest)
        .order_by(PasswordResetRequest.requested_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(statement)).all()


async def any_waiting(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Whether a request waits, in one read outside a transaction (the poll's usual answer is
    no, and then this is all it costs)."""
    return bool(
        await fastread.peek(sessionmaker, "SELECT EXISTS (SELECT 1 FROM password_reset_request)")
    )
