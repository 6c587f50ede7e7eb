"""A small bounded in-process cache whose entries each carry their own expiry."""

from __future__ import annotations

import time
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    """``key -> value`` until a per-entry deadline (monotonic seconds).

    Bounded: past ``max_size`` entries the expired ones are dropped, then the oldest inserted.
    """

    def __init__(self, max_size: int) -> None:
        self._max_size = max_size
        self._entries: dict[str, tuple[float, V]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, default: V | None = None) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return default
        if entry[0] <= time.monotonic():
            self._entries.pop(key, None)
            return default
        return entry[1]

    def contains(self, key: str) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry[0] > time.monotonic()

    def set(self, key: str, value: V, ttl: float) -> None:
        if ttl <= 0:
            return
        if key not in self._entries and len(self._entries) >= self._max_size:
            self._evict()
        self._entries[key] = (time.monotonic() + ttl, value)

    def pop(self, key: str) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def _evict(self) -> None:
        now = time.monotonic()
        self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
        overflow = len(self._entries) - self._max_size // 2
        if overflow > 0:
            for key in list(self._entries)[:overflow]:
                del self._entries[key]
