"""In-process token buckets: ``per_minute`` requests per key, refilled continuously.

The state lives in each gateway process, so with N gateway processes a caller gets up to N
times the limit; the limits are sized for that (see README).
"""

from __future__ import annotations

import math
import time


class RateLimiter:
    """A token bucket per key: ``capacity`` = the per-minute limit, refilled at limit/60 per s."""

    def __init__(self, per_minute: int, *, max_keys: int = 100_000) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._max_keys = max_keys
        self._buckets: dict[str, list[float]] = {}  # key -> [tokens, updated_at]

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def hit(self, key: str, now: float | None = None) -> int:
        """Take one token; 0 when allowed, else the whole seconds to wait (for Retry-After)."""
        if self.per_minute <= 0:
            return 0
        if now is None:
            now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._sweep(now)
            self._buckets[key] = [self.per_minute - 1.0, now]
            return 0
        tokens = min(float(self.per_minute), bucket[0] + (now - bucket[1]) * self._rate)
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
            return 0
        bucket[0] = tokens
        return max(1, math.ceil((1.0 - tokens) / self._rate - 1e-9))

    def _sweep(self, now: float) -> None:
        """Forget buckets that have refilled completely (they are equivalent to a new one)."""
        full_after = 60.0
        self._buckets = {
            key: bucket for key, bucket in self._buckets.items() if now - bucket[1] < full_after
        }
        if len(self._buckets) >= self._max_keys:  # still full: drop the oldest half
            for key in list(self._buckets)[: self._max_keys // 2]:
                del self._buckets[key]
