"""Queries on users."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import User


async def get(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> User | None:
    statement = select(User).where(User.id == user_id)
    if lock:
        statement = statement.with_for_update()
    return (await session.scalars(statement)).one_or_none()


async def by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.scalars(select(User).where(User.email == email.lower()))).one_or_none()


async def by_username(session: AsyncSession, username: str) -> User | None:
    statement = select(User).where(func.lower(User.username) == username.lower())
    return (await session.scalars(statement)).one_or_none()


async def by_login(session: AsyncSession, identifier: str) -> User | None:
    """The account a sign-in names: an email if it contains ``@``, else a username."""
    if "@" in identifier:
        return await by_email(session, identifier)
    return await by_username(session, identifier)


async def email_taken(
    session: AsyncSession, email: str, *, exclude: uuid.UUID | None = None
) -> bool:
    statement = select(User.id).where(User.email == email.lower())
    if exclude is not None:
        statement = statement.where(User.id != exclude)
    return (await session.scalar(statement.limit(1))) is not None


async def username_taken(
    session: AsyncSession, username: str, *, exclude: uuid.UUID | None = None
) -> bool:
    statement = select(User.id).where(func.lower(User.username) == username.lower())
    if exclude is not None:
        statement = statement.where(User.id != exclude)
    return (await session.scalar(statement.limit(1))) is not None


def search(*, role: str | None, is_active: bool | None, q: str | None) -> Select[Any]:
    """Users matching the admin list filters (pagination orders and limits it)."""
    statement = select(User)
    if role is not None:
        statement = statement.where(User.role == role)
    if is_active is not None:
        statement = statement.where(User.is_active.is_(is_active))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(User.email.ilike(pattern, escape="\\"), User.username.ilike(pattern, escape="\\"))
        )
    return statement
