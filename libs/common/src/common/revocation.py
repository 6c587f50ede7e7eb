"""Access-token revocation shared by auth (writes) and the gateway (reads), kept in Redis.

Access tokens live 15 minutes, so a revocation only needs to outlive them: auth records
"tokens of this user issued before T are void" with a TTL a little longer than a token's life.
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis


def revocation_key(user_id: uuid.UUID | str) -> str:
    return f"auth:revoked-before:{user_id}"


async def revoke_user_tokens(
    redis: Redis, user_id: uuid.UUID, *, now: float, token_ttl_seconds: int
) -> None:
    """Void the user's tokens issued at or before ``now`` (seconds, with milliseconds)."""
    await redis.set(revocation_key(user_id), f"{now:.3f}", ex=token_ttl_seconds + 60)


async def is_revoked(redis: Redis, user_id: uuid.UUID | str, issued_at: float) -> bool:
    value = await redis.get(revocation_key(user_id))
    return value is not None and issued_at <= float(value)
