"""Queries on the outgoing mail queue."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import EmailMessage


async def claim_due(
    session: AsyncSession, *, now: dt.datetime, limit: int
) -> Sequence[EmailMessage]:
    """Pending messages whose next attempt is due, skipping rows another worker holds."""
    statement = (
        select(EmailMessage)
        .where(
            EmailMessage.sent_at.is_(None),
            EmailMessage.failed_at.is_(None),
            EmailMessage.next_attempt_at <= now,
        )
        .order_by(EmailMessage.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(statement)).all()


async def get(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[EmailMessage]:
    statement = select(EmailMessage).where(EmailMessage.id.in_(ids)).with_for_update()
    return (await session.scalars(statement)).all()


async def purge_sent(session: AsyncSession, *, before: dt.datetime) -> None:
    await session.execute(
        delete(EmailMessage).where(EmailMessage.sent_at.is_not(None), EmailMessage.sent_at < before)
    )
