"""Sign-in, access tokens and rotating refresh tokens grouped in families."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from auth.errors import AccountDisabled, InvalidCredentials, InvalidRefreshToken, RefreshTokenReused
from auth.models import RefreshToken, User
from auth.repository import tokens as token_repo
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.schemas import TokenPair
from auth.throttle import redis_errors
from common.db import utcnow
from common.revocation import revoke_session


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def access_token(
    rt: Runtime, *, user_id: uuid.UUID, role: str, ttl: int, session_id: uuid.UUID
) -> str:
    """An access token tied to ``session_id`` (a refresh-token family or an API key), so
    revoking that session voids it at once (:func:`revoke_session_access`)."""
    return await rt.keys.sign(
        user_id=user_id,
        role=role,
        issuer=rt.settings.jwt_issuer,
        audience=rt.settings.jwt_audience,
        ttl=ttl,
        session_id=session_id,
    )


async def revoke_session_access(rt: Runtime, session_id: uuid.UUID) -> None:
    """Make the gateway and the services refuse the session's access tokens within a second."""
    ttl = max(rt.settings.access_token_ttl_seconds, rt.settings.api_key_token_ttl_seconds)
    async with redis_errors():
        await revoke_session(rt.redis, session_id, token_ttl_seconds=ttl)
    rt.revoked()


async def issue_pair(
    session: AsyncSession, rt: Runtime, *, user: User, family_id: uuid.UUID | None = None
) -> TokenPair:
    """A new access token and a new refresh token (a new family unless one is given)."""
    ttl = rt.settings.access_token_ttl_seconds
    refresh = secrets.token_urlsafe(32)
    family_id = family_id or uuid.uuid4()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=sha256(refresh),
            expires_at=utcnow() + dt.timedelta(days=rt.settings.refresh_token_ttl_days),
        )
    )
    await session.flush()
    token = await access_token(rt, user_id=user.id, role=user.role, ttl=ttl, session_id=family_id)
    return TokenPair(access_token=token, refresh_token=refresh, expires_in=ttl)


async def login(
    session: AsyncSession, rt: Runtime, *, identifier: str, password: str, client_ip: str
) -> TokenPair:
    """Wrong user and wrong password fail alike, and cost alike (a dummy hash is checked).
    The attempt is counted before the password is checked (:class:`auth.throttle.LoginThrottle`)."""
    user = await user_repo.by_login(session, identifier.strip())
    account = str(user.id) if user is not None else identifier.strip().lower()
    await rt.throttle.attempt(account=account, ip=client_ip)
    if not await rt.passwords.verify(password, user.password_hash if user else None):
        raise InvalidCredentials()
    assert user is not None
    await rt.throttle.succeeded(account=account, ip=client_ip)
    if not user.is_active:
        raise AccountDisabled()
    return await issue_pair(session, rt, user=user)


async def refresh(session: AsyncSession, rt: Runtime, *, refresh_token: str) -> TokenPair:
    """Rotate: the presented token is spent and a new pair of the same family comes back.

    Presenting a spent token means two parties hold it (a leak): the whole family is revoked,
    and :class:`RefreshTokenReused` makes the request commit that before answering 401.
    """
    now = utcnow()
    row = await token_repo.by_hash_for_update(session, sha256(refresh_token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken()
    if row.used_at is not None:
        await token_repo.revoke_family(session, row.family_id, now=now)
        await revoke_session_access(rt, row.family_id)
        raise RefreshTokenReused()
    user = await user_repo.get(session, row.user_id)
    if user is None or not user.is_active:
        raise InvalidRefreshToken()
    row.used_at = now
    return await issue_pair(session, rt, user=user, family_id=row.family_id)


async def logout(
    session: AsyncSession,
    rt: Runtime,
    *,
    user_id: uuid.UUID,
    refresh_token: str,
    current_session: str | None,
) -> None:
    """End the session (family) the refresh token belongs to, and the calling token's own
    sign-in session: their refresh and access tokens stop working. Unknown refresh tokens
    are ignored."""
    row = await token_repo.by_hash_for_update(session, sha256(refresh_token))
    if row is not None and row.user_id == user_id:
        await token_repo.revoke_family(session, row.family_id, now=utcnow())
        await revoke_session_access(rt, row.family_id)
    if current_session is None or (row is not None and str(row.family_id) == current_session):
        return
    family_id = uuid.UUID(current_session)
    # Only a sign-in session: a token the gateway got for an API key names the key, and
    # signing out must not disable the key.
    if await token_repo.family_of(session, user_id, family_id):
        await token_repo.revoke_family(session, family_id, now=utcnow())
        await revoke_session_access(rt, family_id)
