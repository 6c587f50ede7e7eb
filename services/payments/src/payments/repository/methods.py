"""Queries on saved cards."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.models import PaymentMethod


def for_user(user_id: uuid.UUID) -> Select[PaymentMethod]:
    return select(PaymentMethod).where(
        PaymentMethod.user_id == user_id, PaymentMethod.deleted_at.is_(None)
    )


async def get_own(
    session: AsyncSession, method_id: uuid.UUID, *, user_id: uuid.UUID
) -> PaymentMethod | None:
    return await session.scalar(for_user(user_id).where(PaymentMethod.id == method_id))


async def by_fingerprint(
    session: AsyncSession, *, user_id: uuid.UUID, fingerprint: str
) -> PaymentMethod | None:
    return await session.scalar(for_user(user_id).where(PaymentMethod.fingerprint == fingerprint))
