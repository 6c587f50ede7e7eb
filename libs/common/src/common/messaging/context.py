"""The correlation id that follows a request through every event it causes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


@contextmanager
def correlated(value: str | None) -> Iterator[None]:
    """Make ``value`` the correlation id inside the block (no change when it is None)."""
    if value is None:
        yield
        return
    token = correlation_id.set(value)
    try:
        yield
    finally:
        correlation_id.reset(token)
