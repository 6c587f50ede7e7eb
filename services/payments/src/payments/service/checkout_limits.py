"""Card attempts on the hosted page, counted in Redis: per checkout session and per client IP.

Card testers try many cards on one page, or many pages from one address. Every card form
submission on an open session counts, before the card goes anywhere; past either limit the
page answers 429 and says so. Counts are atomic (:mod:`common.counters`), so concurrent posts
cannot slip past a limit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.counters import count
from common.errors import DependencyUnavailable
from payments.settings import Settings


@dataclass(frozen=True, slots=True)
class LimitReached:
    """Which limit refused the attempt, and when it may be tried again (seconds)."""

    scope: str  # "session" or "ip"
    retry_after: int


class CheckoutLimiter:
    def __init__(self, redis: Redis, settings: Settings) -> None:
        self._redis = redis
        self._settings = settings

    async def take(
        self, *, session_id: uuid.UUID, ip: str, session_ttl_seconds: int
    ) -> LimitReached | None:
        """Count one card attempt; the limit it exceeds, or None when it may proceed."""
        settings = self._settings
        limits = (
            (
                "session",
                f"{settings.redis_prefix}checkout-attempts:session:{session_id}",
                settings.checkout_max_attempts_per_session,
                max(1, session_ttl_seconds),
            ),
            (
                "ip",
                f"{settings.redis_prefix}checkout-attempts:ip:{ip}",
                settings.checkout_max_attempts_per_ip,
                settings.checkout_ip_window_seconds,
            ),
        )
        try:
            used = await count(self._redis, [(key, window) for _, key, _, window in limits])
        except (RedisError, OSError) as exc:
            raise DependencyUnavailable("Card attempts cannot be counted now.") from exc
        for (scope, _, limit, _), attempts in zip(limits, used, strict=True):
            if attempts.value > limit:
                return LimitReached(scope, attempts.retry_after)
        return None
