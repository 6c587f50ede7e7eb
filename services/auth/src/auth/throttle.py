"""Throttles kept in Redis: sign-in failures per account and IP, and daily quotas.

Sign-in counters are fixed windows: the first attempt starts a window of ``window`` seconds.
An attempt is counted *before* the password is checked, atomically (``MULTI``/``INCR``), so
15 concurrent guesses against a limit of 5 get 5 checks and 10 answers of 429: an attempt
over the limit is refused and takes its count back. A wrong password keeps its count; a right
one clears the account's counter and gives the IP's back. Once the limit is reached further
attempts get 429 with ``Retry-After`` until the window ends, even with the right password.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import RedisError

from auth.errors import LoginThrottled, RedisUnavailable
from common import counters

DAY_SECONDS = 86_400
# Give a count back only while its window lives: a DECR on an expired key would create one
# at -1 with no expiry, a permanent extra attempt.
_GIVE_BACK = """
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0
"""


@asynccontextmanager
async def redis_errors() -> AsyncIterator[None]:
    """Redis unreachable: 503, never a 500 and never a silently skipped check."""
    try:
        yield
    except RedisError as exc:
        raise RedisUnavailable() from exc


async def take(redis: Redis, key: str, *, limit: int, window: int) -> tuple[bool, int]:
    """Count one use of ``key`` in a fixed window; (within the limit?, seconds left)."""
    async with redis_errors():
        (used,) = await counters.count(redis, [(key, window)])
    return used.value <= limit, used.retry_after


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
        self._give_back = redis.register_script(_GIVE_BACK)

    def _keys(self, account: str, ip: str) -> dict[str, str]:
        return {
            "account": f"{self._prefix}login-failures:account:{account}",
            "ip": f"{self._prefix}login-failures:ip:{ip}",
        }

    async def attempt(self, *, account: str, ip: str) -> None:
        """Count an attempt for the account and the IP, or raise 429 if either is used up."""
        keys = self._keys(account, ip)
        async with redis_errors():
            used = await counters.count(self._redis, [(key, self._window) for key in keys.values()])
            over = [
                count.retry_after
                for kind, count in zip(keys, used, strict=True)
                if count.value > self._limits[kind]
            ]
            if over:
                await self._give_back(keys=list(keys.values()))
        if over:
            raise LoginThrottled(retry_after=max(over))

    async def succeeded(self, *, account: str, ip: str) -> None:
        """A right password: the account's counter is cleared, the IP's attempt given back
        (not cleared: one good account must not unlock guessing at others from one address)."""
        keys = self._keys(account, ip)
        async with redis_errors():
            await self._redis.delete(keys["account"])
            await self._give_back(keys=[keys["ip"]])

    async def reset(self, *, account: str) -> None:
        """Clear the account's counter (a new password was set with an emailed code)."""
        async with redis_errors():
            await self._redis.delete(self._keys(account, "")["account"])
