"""6-digit codes sent by email: email verification and password reset.

Codes come from ``secrets``, are stored as an HMAC (a leaked table does not give them away),
are single use, expire after ``code_ttl_seconds`` and lock after ``code_max_attempts`` tries.
Only the newest code of a purpose is valid. At most ``codes_per_address_per_day`` fresh codes
go to one address a day (so at most that many times ``code_max_attempts`` guesses, and no
mail flood at someone else's address).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from auth import mail
from auth.errors import CodeLocked, CodeRecentlySent, DailyCodeLimit, InvalidCode
from auth.models import User, VerificationCode
from auth.repository import codes as code_repo
from auth.runtime import Runtime
from auth.settings import Settings
from auth.throttle import DAY_SECONDS, redis_errors, take
from common.db import utcnow

Purpose = Literal["email_verification", "password_reset"]

_SUBJECTS: dict[Purpose, str] = {
    "email_verification": "Verify your email address",
    "password_reset": "Reset your password",
}
_INTROS: dict[Purpose, str] = {
    "email_verification": "Use this code to verify your email address:",
    "password_reset": "Use this code to reset your password:",
}


def _digest(settings: Settings, code_id: uuid.UUID, code: str) -> str:
    key = settings.code_secret.encode()
    return hmac.new(key, f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def quota_key(settings: Settings, email: str) -> str:
    return f"{settings.redis_prefix}codes-sent:{email.lower()}"


async def take_quota(rt: Runtime, *, email: str) -> None:
    """Count a fresh code for ``email`` today; 429 once the day's quota is used up."""
    settings = rt.settings
    within, retry_after = await take(
        rt.redis,
        quota_key(settings, email),
        limit=settings.codes_per_address_per_day,
        window=DAY_SECONDS,
    )
    if not within:
        raise DailyCodeLimit(retry_after=retry_after)


async def issue(
    session: AsyncSession,
    settings: Settings,
    *,
    user: User,
    purpose: Purpose,
    respect_cooldown: bool = True,
) -> bool:
    """Send a new code to the user's current email; False if one went out moments ago.
    The daily quota is the caller's to take (:func:`take_quota`)."""
    now = utcnow()
    latest = await code_repo.latest(session, user.id, purpose)
    cooldown = dt.timedelta(seconds=settings.code_resend_seconds)
    if respect_cooldown and latest is not None and latest.created_at > now - cooldown:
        return False
    await code_repo.invalidate(session, user.id, purpose, now=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = VerificationCode(
        id=uuid.uuid4(),
        user_id=user.id,
        purpose=purpose,
        email=user.email,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.code_ttl_seconds),
    )
    row.code_hash = _digest(settings, row.id, code)
    session.add(row)
    minutes = max(1, settings.code_ttl_seconds // 60)
    body = (
        f"Hello {user.username},\n\n{_INTROS[purpose]}\n\n    {code}\n\n"
        f"It expires in {minutes} minutes and works once. If you did not ask for it, "
        "ignore this message.\n"
    )
    mail.enqueue(session, to=user.email, subject=_SUBJECTS[purpose], body=body)
    await session.flush()
    return True


async def issue_or_refuse(
    session: AsyncSession, rt: Runtime, *, user: User, purpose: Purpose
) -> None:
    """Like :func:`issue`, but tell the caller (429) when it is too soon for another code or
    the address has had its codes for the day."""
    latest = await code_repo.latest(session, user.id, purpose)
    cooldown = dt.timedelta(seconds=rt.settings.code_resend_seconds)
    if latest is not None and latest.created_at > utcnow() - cooldown:
        raise CodeRecentlySent(retry_after=rt.settings.code_resend_seconds)
    await take_quota(rt, email=user.email)
    await issue(session, rt.settings, user=user, purpose=purpose, respect_cooldown=False)


async def consume(
    session: AsyncSession, rt: Runtime, *, user: User, purpose: Purpose, code: str
) -> bool:
    """Spend the user's current code: False when there is no live code, an error when it is
    wrong or locked. A wrong code still counts as a try: the error is one that makes the
    request commit the counter."""
    now = utcnow()
    row = await code_repo.active_for_update(session, user.id, purpose, now=now)
    if row is None or row.email != user.email:
        return False
    if row.attempts >= rt.settings.code_max_attempts:
        raise CodeLocked(retry_after=_until(row.expires_at, now))
    row.attempts += 1
    if not hmac.compare_digest(row.code_hash, _digest(rt.settings, row.id, code)):
        await session.flush()
        raise InvalidCode()
    row.used_at = now
    await session.flush()
    return True


async def count_blind_attempt(rt: Runtime, *, email: str) -> None:
    """A reset code tried for an address with no live code (or no account): counted in Redis
    and locked like a real code, so the lock does not reveal which accounts exist."""
    key = f"{rt.settings.redis_prefix}reset-blind:{email}"
    async with redis_errors():
        pipe = rt.redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, rt.settings.code_ttl_seconds, nx=True)
        pipe.ttl(key)
        count, _, ttl = await pipe.execute()
    if int(count) > rt.settings.code_max_attempts:
        raise CodeLocked(retry_after=max(1, int(ttl)))


def _until(moment: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((moment - now).total_seconds()))
