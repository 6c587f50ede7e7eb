"""Queries on token signing keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import SigningKey


async def lock(session: AsyncSession) -> None:
    """Serialise key creation across api replicas and the CLI (held until the transaction ends)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('auth.signing_key'))"))


async def published(session: AsyncSession) -> Sequence[SigningKey]:
    """Every unretired key, newest (the signing one) first."""
    statement = (
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
    )
    return (await session.scalars(statement)).all()


async def all_keys(session: AsyncSession) -> Sequence[SigningKey]:
    statement = select(SigningKey).order_by(SigningKey.created_at.desc())
    return (await session.scalars(statement)).all()


async def retire(session: AsyncSession, kid: str, *, now: dt.datetime) -> bool:
    result = await session.execute(
        update(SigningKey)
        .where(SigningKey.kid == kid, SigningKey.retired_at.is_(None))
        .values(retired_at=now)
    )
    return bool(getattr(result, "rowcount", 0))
