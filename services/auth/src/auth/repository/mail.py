"""Queries on the outgoing mail queue."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.models import EmailMessage
from common import duework, fastread


async def claim_due(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> Sequence[EmailMessage]:
    """Pending messages whose next attempt is due, leased for ``lease`` with one more attempt
    counted; rows another worker holds are skipped."""
    return await duework.claim_due(
        session,
        EmailMessage,
        due=EmailMessage.next_attempt_at,
        now=now,
        lease=lease,
        limit=limit,
        where=[EmailMessage.sent_at.is_(None), EmailMessage.failed_at.is_(None)],
        values={"attempts": EmailMessage.attempts + 1},
    )


_ANY_DUE = """
    SELECT EXISTS (SELECT 1 FROM email_message
                   WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1)
"""


async def any_due(sessionmaker: async_sessionmaker[AsyncSession], *, now: dt.datetime) -> bool:
    """Whether :func:`claim_due` would find a message, in one read outside a transaction (the
    poll's usual answer is no, and then this is all it costs)."""
    return bool(await fastread.peek(sessionmaker, _ANY_DUE, now))


async def get(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[EmailMessage]:
    statement = select(EmailMessage).where(EmailMessage.id.in_(ids)).with_for_update()
    return (await session.scalars(statement)).all()


async def purge_sent(session: AsyncSession, *, before: dt.datetime) -> None:
    await session.execute(
        delete(EmailMessage).where(EmailMessage.sent_at.is_not(None), EmailMessage.sent_at < before)
    )
