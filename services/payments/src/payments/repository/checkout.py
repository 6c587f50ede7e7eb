"""Queries on checkout sessions."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.models import CheckoutSession


async def get(
    session: AsyncSession, session_id: uuid.UUID, *, for_update: bool = False
) -> CheckoutSession | None:
    statement = select(CheckoutSession).where(CheckoutSession.id == session_id)
    if for_update:
        statement = statement.with_for_update()
    result = await session.execute(statement, execution_options={"populate_existing": True})
    return result.scalar_one_or_none()
