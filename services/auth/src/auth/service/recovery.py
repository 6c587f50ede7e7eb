"""Email verification and password reset by emailed code."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.errors import EmailAlreadyVerified, InvalidCode
from auth.models import PasswordResetRequest, User
from auth.repository import resets as reset_repo
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.service import accounts, codes, events
from auth.settings import Settings
from auth.throttle import DAY_SECONDS, take
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
    """Queue a reset for the address, known or not: the same answer and the same work (one
    Redis count, one insert) either way. The worker mails a code if an active account uses
    the address (:func:`answer_reset_requests`); past the address's daily quota nothing is
    queued, so requests cannot flood a mailbox."""
    within, _ = await take(
        rt.redis,
        codes.quota_key(rt.settings, email),
        limit=rt.settings.codes_per_address_per_day,
        window=DAY_SECONDS,
    )
    if within:
        session.add(PasswordResetRequest(id=uuid.uuid4(), email=email, requested_at=utcnow()))
        await session.flush()


async def answer_reset_requests(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> int:
    """The worker's half of a reset request: a code (and its mail) for an active account,
    nothing for an unknown address. Each request is answered once (claimed and deleted in one
    transaction); returns how many were taken."""
    async with sessionmaker.begin() as session:
        requests = await reset_repo.claim(session, limit=settings.email_batch_size)
        for request in requests:
            user = await user_repo.by_email(session, request.email)
            if user is not None and user.is_active:
                await codes.issue(session, settings, user=user, purpose="password_reset")
            await session.delete(request)
        await session.flush()
    return len(requests)


async def confirm_password_reset(
    session: AsyncSession, rt: Runtime, *, email: str, code: str, new_password: str
) -> None:
    """Set a new password with a reset code; every session (refresh and access tokens) ends.
    Receiving the code proves the address, so it also counts as verified."""
    user = await user_repo.by_email(session, email)
    spent = user is not None and user.is_active
    if user is not None and spent:
        spent = await codes.consume(session, rt, user=user, purpose="password_reset", code=code)
    if user is None or not spent:
        await codes.count_blind_attempt(rt, email=email)
        raise InvalidCode()
    user.password_hash = await rt.passwords.hash(new_password)
    await accounts.end_all_sessions(session, rt, user_id=user.id)
    await rt.throttle.reset(account=str(user.id))
    if not user.email_verified:
        user.email_verified = True
        await events.updated(session, user)
