"""Email verification and password reset by emailed code."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from auth.errors import EmailAlreadyVerified, InvalidCode
from auth.models import User
from auth.repository import tokens as token_repo
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.service import codes, events
from common.db import utcnow


async def send_verification(session: AsyncSession, rt: Runtime, *, user: User) -> None:
    if user.email_verified:
        raise EmailAlreadyVerified()
    await codes.issue_or_refuse(session, rt, user=user, purpose="email_verification")


async def confirm_verification(
    session: AsyncSession, rt: Runtime, *, user: User, code: str
) -> User:
    if user.email_verified:
        raise EmailAlreadyVerified()
    if not await codes.consume(session, rt, user=user, purpose="email_verification", code=code):
        raise InvalidCode()
    user.email_verified = True
    await events.updated(session, user)
    return user


async def request_password_reset(session: AsyncSession, rt: Runtime, *, email: str) -> None:
    """Mail a reset code if an active account has this address. The caller answers the same
    either way, and either way the work is one indexed lookup plus, at most, two inserts."""
    user = await user_repo.by_email(session, email)
    if user is not None and user.is_active:
        await codes.issue(session, rt, user=user, purpose="password_reset")


async def confirm_password_reset(
    session: AsyncSession, rt: Runtime, *, email: str, code: str, new_password: str
) -> None:
    """Set a new password with a reset code; every refresh token is revoked. Receiving the code
    proves the address, so it also counts as verified."""
    user = await user_repo.by_email(session, email)
    spent = user is not None and user.is_active
    if user is not None and spent:
        spent = await codes.consume(session, rt, user=user, purpose="password_reset", code=code)
    if user is None or not spent:
        await codes.count_blind_attempt(rt, email=email)
        raise InvalidCode()
    user.password_hash = await rt.passwords.hash(new_password)
    await token_repo.revoke_all(session, user.id, now=utcnow())
    await rt.throttle.reset(account=str(user.id))
    if not user.email_verified:
        user.email_verified = True
        await events.updated(session, user)
