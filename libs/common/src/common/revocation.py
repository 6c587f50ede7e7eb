"""Access-token revocation shared by auth (writes) and the gateway and services (reads), in Redis.

Access tokens live 15 minutes, so a revocation only needs to outlive them. Two kinds:

- per user, "tokens of this user issued before T are void" (deletion, deactivation, a new
  password): :func:`revoke_user_tokens`;
- per session, "tokens carrying ``sid`` S are void": a signed-in session (a refresh-token
  family: logout, a reused refresh token) or an API key (deleted): :func:`revoke_session`.

One ``MGET`` answers both for a token. :class:`RevocationCheck` remembers a "not revoked"
answer per token for at most ``cache_seconds`` (1 s by default), so a revocation is seen by
every process within that time while a busy caller costs Redis one lookup a second.
"""

from __future__ import annotations

import time
import uuid

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.errors import DependencyUnavailable, Unauthorized

log = structlog.get_logger("common.revocation")
_MARGIN_SECONDS = 60
_MAX_REMEMBERED = 10_000


def revocation_key(user_id: uuid.UUID | str) -> str:
    return f"auth:revoked-before:{user_id}"


def session_revocation_key(session_id: uuid.UUID | str) -> str:
    return f"auth:revoked-session:{session_id}"


async def revoke_user_tokens(
    redis: Redis, user_id: uuid.UUID, *, now: float, token_ttl_seconds: int
) -> None:
    """Void the user's tokens issued at or before ``now`` (seconds, with milliseconds)."""
    await redis.set(revocation_key(user_id), f"{now:.3f}", ex=token_ttl_seconds + _MARGIN_SECONDS)


async def revoke_session(
    redis: Redis, session_id: uuid.UUID | str, *, token_ttl_seconds: int
) -> None:
    """Void every token carrying ``sid`` = ``session_id``, issued before or after now."""
    await redis.set(session_revocation_key(session_id), "1", ex=token_ttl_seconds + _MARGIN_SECONDS)


async def is_revoked(
    redis: Redis, user_id: uuid.UUID | str, issued_at: float, session_id: str | None = None
) -> bool:
    """Whether a token of ``user_id`` issued at ``issued_at`` in ``session_id`` is void."""
    if session_id:
        before, session = await redis.mget(
            revocation_key(user_id), session_revocation_key(session_id)
        )
        if session is not None:
            return True
    else:
        before = await redis.get(revocation_key(user_id))
    return before is not None and issued_at <= float(before)


class RevocationCheck:
    """Refuses revoked tokens (401); Redis unreachable is a 503, never a skipped check."""

    def __init__(self, redis: Redis, *, cache_seconds: float = 1.0) -> None:
        self._redis = redis
        self._cache_seconds = cache_seconds
        self._not_revoked: dict[tuple[str, float, str | None], float] = {}

    def forget(self) -> None:
        """Drop every remembered answer (the caller knows accounts just changed)."""
        self._not_revoked.clear()

    async def refuse_revoked(
        self, user_id: uuid.UUID | str, issued_at: float, session_id: str | None
    ) -> None:
        key = (str(user_id), issued_at, session_id)
        now = time.monotonic()
        until = self._not_revoked.get(key)
        if until is not None and until > now:
            return
        try:
            revoked = await is_revoked(self._redis, user_id, issued_at, session_id)
        except (RedisError, OSError) as exc:
            log.error("revocation_store_unavailable", error=repr(exc))
            raise DependencyUnavailable("The token revocation store is unavailable.") from exc
        if revoked:
            self._not_revoked.pop(key, None)
            raise Unauthorized("The access token has been revoked.")
        if self._cache_seconds > 0:
            if len(self._not_revoked) >= _MAX_REMEMBERED:
                self._not_revoked = {k: t for k, t in self._not_revoked.items() if t > now}
                if len(self._not_revoked) >= _MAX_REMEMBERED:
                    self._not_revoked.clear()
            self._not_revoked[key] = now + self._cache_seconds
