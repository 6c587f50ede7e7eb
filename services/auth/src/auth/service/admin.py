"""Administration of users, and the bootstrap admin account."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from auth.errors import CannotModifySelf, UserNotFound
from auth.models import User
from auth.passwords import PasswordHasher
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.schemas import AdminUserUpdate
from auth.service import accounts, events

log = structlog.get_logger("auth.admin")


async def get(session: AsyncSession, *, user_id: uuid.UUID, lock: bool = False) -> User:
    user = await user_repo.get(session, user_id, lock=lock)
    if user is None:
        raise UserNotFound()
    return user


async def update(
    session: AsyncSession, rt: Runtime, *, actor: User, user_id: uuid.UUID, data: AdminUserUpdate
) -> User:
    """Change username, email, role or activity. A role change voids the user's access tokens
    (their role claim is stale); a deactivation ends every session."""
    user = await get(session, user_id=user_id, lock=True)
    demoting = data.role is not None and data.role != "admin"
    if user.id == actor.id and (data.is_active is False or demoting):
        raise CannotModifySelf()
    await accounts.ensure_available(
        session, email=data.email, username=data.username, exclude=user.id
    )
    changed = False
    if data.username is not None and data.username != user.username:
        user.username, changed = data.username, True
    if data.email is not None and data.email != user.email:
        user.email, user.email_verified, changed = data.email, False, True
    if data.role is not None and data.role != user.role:
        user.role, changed = data.role, True
        await accounts.revoke_access(rt, user.id)
    if data.is_active is not None and data.is_active != user.is_active:
        user.is_active, changed = data.is_active, True
        if not data.is_active:
            await accounts.end_all_sessions(session, rt, user_id=user.id)
    if changed:
        await accounts.flush_unique(session)
        await events.updated(session, user)
    return user


async def delete(session: AsyncSession, rt: Runtime, *, actor: User, user_id: uuid.UUID) -> None:
    if user_id == actor.id:
        raise CannotModifySelf()
    user = await get(session, user_id=user_id, lock=True)
    await accounts.delete(session, rt, user=user)


async def ensure_admin(
    session: AsyncSession,
    *,
    passwords: PasswordHasher,
    email: str,
    username: str,
    password: str,
) -> User | None:
    """Create the admin account unless its email or username exists; returns it when created.
    Safe to run from every replica at once (serialised by an advisory lock)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('auth.admin'))"))
    email = email.lower()
    existing = await user_repo.by_email(session, email) or await user_repo.by_username(
        session, username
    )
    if existing is not None:
        if existing.role != "admin":
            log.warning("admin_account_taken", email=email, username=username)
        return None
    user = User(
        id=uuid.uuid4(),
        email=email,
        username=username,
        password_hash=await passwords.hash(password),
        role="admin",
        is_active=True,
        email_verified=True,
    )
    session.add(user)
    await session.flush()
    await events.registered(session, user)
    log.info("admin_created", email=email, username=username)
    return user
