"""Sign-in throttling: failed attempts counted in Redis per account and per client IP.

Counters are fixed windows: the first failure starts a window of ``window`` seconds; once the
limit is reached further attempts get 429 with ``Retry-After`` until the window ends, even with
the right password, so guessing cannot continue at full speed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import RedisError

from auth.errors import LoginThrottled, RedisUnavailable


@asynccontextmanager
async def redis_errors() -> AsyncIterator[None]:
    """Redis unreachable: 503, never a 500 and never a silently skipped check."""
    try:
        yield
    except RedisError as exc:
        raise RedisUnavailable() from exc


class LoginThrottle:
    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        account_limit: int,
        ip_limit: int,
        window: int,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._limits = {"account": account_limit, "ip": ip_limit}
        self._window = window

    def _key(self, kind: str, value: str) -> str:
        return f"{self._prefix}login-failures:{kind}:{value}"

    async def check(self, *, account: str, ip: str) -> None:
        """Raise 429 if either the account or the IP has used up its failures."""
        keys = {"account": self._key("account", account), "ip": self._key("ip", ip)}
        async with redis_errors():
            pipe = self._redis.pipeline(transaction=False)
            for key in keys.values():
                pipe.get(key)
                pipe.ttl(key)
            values = await pipe.execute()
        for index, kind in enumerate(keys):
            count, ttl = values[2 * index], values[2 * index + 1]
            if count is not None and int(count) >= self._limits[kind]:
                raise LoginThrottled(retry_after=ttl if ttl > 0 else self._window)

    async def record_failure(self, *, account: str, ip: str) -> None:
        async with redis_errors():
            pipe = self._redis.pipeline(transaction=True)
            for key in (self._key("account", account), self._key("ip", ip)):
                pipe.incr(key)
                pipe.expire(key, self._window, nx=True)
            await pipe.execute()

    async def reset(self, *, account: str) -> None:
        """A successful sign-in clears the account's counter (not the IP's: one good account
        must not unlock guessing at others from the same address)."""
        async with redis_errors():
            await self._redis.delete(self._key("account", account))
