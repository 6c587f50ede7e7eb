"""Accounts: registration, the caller's own profile, email and password changes, deletion."""

from __future__ import annotations

import time
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth import mail
from auth.errors import EmailChangeTooSoon, EmailTaken, IncorrectPassword, UsernameTaken
from auth.models import User
from auth.repository import tokens as token_repo
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.schemas import UserCreate
from auth.service import codes, events
from auth.throttle import redis_errors, take
from common.db import utcnow
from common.revocation import revoke_user_tokens


async def flush_unique(session: AsyncSession) -> None:
    """Flush, turning a lost race on a unique email or username into the matching 409."""
    try:
        await session.flush()
    except IntegrityError as exc:
        text = str(exc.orig)
        if "uq_user_email" in text:
            raise EmailTaken() from exc
        if "uq_user_username_lower" in text:
            raise UsernameTaken() from exc
        raise


async def ensure_available(
    session: AsyncSession,
    *,
    email: str | None = None,
    username: str | None = None,
    exclude: uuid.UUID | None = None,
) -> None:
    if email is not None and await user_repo.email_taken(session, email, exclude=exclude):
        raise EmailTaken()
    if username is not None and await user_repo.username_taken(session, username, exclude=exclude):
        raise UsernameTaken()


async def register(session: AsyncSession, rt: Runtime, *, data: UserCreate) -> User:
    """Create a buyer or seller, announce it, and mail a code to verify the address."""
    await ensure_available(session, email=data.email, username=data.username)
    user = User(
        id=uuid.uuid4(),
        email=data.email,
        username=data.username,
        password_hash=await rt.passwords.hash(data.password),
        role=data.role,
        is_active=True,
        email_verified=False,
    )
    session.add(user)
    await flush_unique(session)
    await events.registered(session, user)
    await codes.issue(session, rt.settings, user=user, purpose="email_verification")
    return user


async def rename(session: AsyncSession, *, user: User, username: str | None) -> User:
    if username is not None and username != user.username:
        await ensure_available(session, username=username, exclude=user.id)
        user.username = username
        await flush_unique(session)
        await events.updated(session, user)
    return user


async def check_password(rt: Runtime, *, user: User, password: str, client_ip: str) -> None:
    """Re-authentication for sensitive changes, throttled like sign-in."""
    account = str(user.id)
    await rt.throttle.attempt(account=account, ip=client_ip)
    if not await rt.passwords.verify(password, user.password_hash):
        raise IncorrectPassword()
    await rt.throttle.succeeded(account=account, ip=client_ip)


async def change_email(
    session: AsyncSession, rt: Runtime, *, user: User, new_email: str, password: str, client_ip: str
) -> User:
    """Switch to a new, unverified address, send it a code and warn the old one."""
    await check_password(rt, user=user, password=password, client_ip=client_ip)
    if new_email == user.email:
        return user
    await ensure_available(session, email=new_email, exclude=user.id)
    await _email_change_cooldown(rt, user=user)
    await codes.take_quota(rt, email=new_email)
    old_email = user.email
    user.email = new_email
    user.email_verified = False
    await flush_unique(session)
    await codes.issue(
        session, rt.settings, user=user, purpose="email_verification", respect_cooldown=False
    )
    mail.enqueue(
        session,
        to=old_email,
        subject="Your email address was changed",
        body=(
            f"Hello {user.username},\n\nThe email address of your account was changed to "
            f"{new_email}. If you did not do this, reset your password and contact support.\n"
        ),
    )
    await events.updated(session, user)
    return user


async def _email_change_cooldown(rt: Runtime, *, user: User) -> None:
    """One change per ``email_change_cooldown_seconds``: each change mails two addresses."""
    window = rt.settings.email_change_cooldown_seconds
    if window <= 0:
        return
    key = f"{rt.settings.redis_prefix}email-changed:{user.id}"
    within, retry_after = await take(rt.redis, key, limit=1, window=window)
    if not within:
        raise EmailChangeTooSoon(retry_after=retry_after)


async def change_password(
    session: AsyncSession,
    rt: Runtime,
    *,
    user: User,
    current_password: str,
    new_password: str,
    client_ip: str,
) -> None:
    """New password; every session (refresh and access tokens, on every device, this one
    included) stops working. API keys stay valid: they do not depend on the password."""
    await check_password(rt, user=user, password=current_password, client_ip=client_ip)
    user.password_hash = await rt.passwords.hash(new_password)
    await end_all_sessions(session, rt, user_id=user.id)


async def revoke_access(rt: Runtime, user_id: uuid.UUID) -> None:
    """Make the gateway and the services refuse the user's access tokens issued until now
    (those the gateway got for an API key too: it trades the key for a fresh one)."""
    async with redis_errors():
        await revoke_user_tokens(
            rt.redis,
            user_id,
            now=time.time(),
            token_ttl_seconds=max(
                rt.settings.access_token_ttl_seconds, rt.settings.api_key_token_ttl_seconds
            ),
        )
    rt.revoked()


async def end_all_sessions(session: AsyncSession, rt: Runtime, *, user_id: uuid.UUID) -> None:
    """Revoke refresh tokens and access tokens: used on deletion and deactivation."""
    await token_repo.revoke_all(session, user_id, now=utcnow())
    await revoke_access(rt, user_id)


async def delete(session: AsyncSession, rt: Runtime, *, user: User) -> None:
    """Delete the account (its tokens, keys and codes go with it) and announce it."""
    await end_all_sessions(session, rt, user_id=user.id)
    await session.delete(user)
    await session.flush()
    await events.deleted(session, user.id)
