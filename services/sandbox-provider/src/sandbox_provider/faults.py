"""Fault injection for tests: latency, refused charges, and charges whose answer is lost.

State lives in the process (one sandbox process serves a local run or a test suite); the
counters are taken from the event loop's single thread, so concurrent calls never double-spend
one.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send


@dataclass
class Behaviour:
    latency_ms: int = 0
    fail_next: int = 0
    drop_response_next: int = 0
    hang_ms: int = 0

    def update(self, **values: int | None) -> None:
        for name, value in values.items():
            if value is not None:
                setattr(self, name, value)

    def reset(self) -> None:
        self.update(**asdict(Behaviour()))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    async def delay(self) -> None:
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)

    def take_failure(self) -> bool:
        """True when this charge call must be refused with a 503 (no charge is made)."""
        if self.fail_next > 0:
            self.fail_next -= 1
            return True
        return False

    def take_drop(self) -> int | None:
        """Milliseconds to hang before answering 503 when this call's answer must be lost."""
        if self.drop_response_next > 0:
            self.drop_response_next -= 1
            return self.hang_ms
        return None


class DelayedResponse(JSONResponse):
    """Waits before sending anything. The request's unit of work commits before a response is
    sent, so the charge is durable (and visible to a status check) while the client waits."""

    def __init__(self, content: Any, *, delay_ms: int, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.delay_ms = delay_ms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(self.delay_ms / 1000)
        await super().__call__(scope, receive, send)
