"""Fixed-window counters in Redis, counted atomically (``MULTI``/``INCR``): concurrent uses
cannot slip past a limit. The first use of a key starts its window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    """Uses in the current window, this one included."""
    retry_after: int
    """Seconds until the window ends."""


async def count(redis: Redis, windows: Sequence[tuple[str, int]]) -> list[Count]:
    """Count one use of each ``(key, window_seconds)``, all in one transaction.

    Redis errors propagate: each caller turns them into its own 503."""
    pipe = redis.pipeline(transaction=True)
    for key, window in windows:
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        pipe.ttl(key)
    values = await pipe.execute()
    return [
        Count(int(values[3 * i]), int(values[3 * i + 2]) if int(values[3 * i + 2]) > 0 else window)
        for i, (_, window) in enumerate(windows)
    ]
