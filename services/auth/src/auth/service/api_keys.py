"""Server-to-server API keys ``sk_...`` and their introspection by the gateway."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from auth.errors import ApiKeyNotFound, InvalidApiKey
from auth.models import ApiKey, User
from auth.repository import api_keys as key_repo
from auth.repository import users as user_repo
from auth.runtime import Runtime
from auth.schemas import IntrospectResponse
from auth.service.sessions import access_token, revoke_session_access, sha256
from common.db import utcnow

PREFIX = "sk_"
KEY_ROLES = frozenset({"seller", "admin"})


async def create(session: AsyncSession, *, user: User, name: str) -> tuple[ApiKey, str]:
    """A new key; the full key is returned once and only its hash is kept."""
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        id=uuid.uuid4(),
        user_id=user.id,
        name=name,
        prefix=key[:10],
        last4=key[-4:],
        key_hash=sha256(key),
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row, key


async def revoke(session: AsyncSession, rt: Runtime, *, user: User, key_id: uuid.UUID) -> None:
    """Revoke one's own key (an admin may revoke anyone's); others' keys are 404. The access
    tokens the gateway got for the key are refused within a second."""
    row = await key_repo.get_live(session, key_id)
    if row is None or (row.user_id != user.id and user.role != "admin"):
        raise ApiKeyNotFound()
    row.revoked_at = utcnow()
    await revoke_session_access(rt, row.id)


async def introspect(session: AsyncSession, rt: Runtime, *, key: str) -> IntrospectResponse:
    """Who a key acts for, with a short-lived access token the gateway forwards instead of it."""
    if not key.startswith(PREFIX):
        raise InvalidApiKey()
    row = await key_repo.by_hash(session, sha256(key))
    user = await user_repo.get(session, row.user_id) if row is not None else None
    if row is None or user is None or not user.is_active or user.role not in KEY_ROLES:
        raise InvalidApiKey()
    now = utcnow()
    await key_repo.touch(session, row.id, now=now, every=dt.timedelta(seconds=60))
    ttl = rt.settings.api_key_token_ttl_seconds
    token = await access_token(rt, user_id=user.id, role=user.role, ttl=ttl, session_id=row.id)
    return IntrospectResponse(user_id=user.id, role=user.role, access_token=token, expires_in=ttl)
