"""Signed server-to-server notifications to the merchant, sent after the change commits.

Notices that commit within a short window (``batch_window`` seconds, at most ``batch_size``)
go out together in one signed POST, ``{"id", "type": "batch", "data": [notice, ...]}``; a lone
notice is sent as itself. Each notice carries the charge's status and amounts at that moment,
so a merchant that already settled the charge that way can confirm it without asking again.

Delivery runs in tasks of the sandbox process with a few retries. Losing one (a crash, a
merchant down for longer than the retries) is acceptable: the merchant re-checks a charge's
status with ``GET /v1/charges?reference=...``, as it must for any acquirer.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Any

import httpx
import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from common import tracing
from sandbox_provider.models import Charge

log = structlog.get_logger("sandbox.callbacks")

TIMESTAMP_HEADER = "Sandbox-Timestamp"
SIGNATURE_HEADER = "Sandbox-Signature"
_PENDING = "sandbox_pending_notifications"
_LISTENING = "sandbox_notifier_listening"
BATCH_TYPE = "batch"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">``, the ``Sandbox-Signature`` value."""
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Notification:
    reference: str
    charge_id: str
    status: str
    amount: int
    captured_amount: int
    refunded_amount: int
    type: str = "charge.updated"
    traceparent: str | None = None  # the change's trace, continued by a lone notice's POST

    @classmethod
    def of(cls, charge: Charge) -> Notification:
        """The charge as it stands now (read before the commit expires its attributes)."""
        return cls(
            charge.reference,
            charge.id,
            charge.status,
            charge.amount,
            charge.captured_amount,
            charge.refunded_amount,
        )

    def payload(self, event_id: str) -> dict[str, Any]:
        return {
            "id": event_id,
            "type": self.type,
            "reference": self.reference,
            "charge_id": self.charge_id,
            "status": self.status,
            "amount": self.amount,
            "captured_amount": self.captured_amount,
            "refunded_amount": self.refunded_amount,
        }


def delivery_body(notifications: Sequence[Notification]) -> tuple[str, bytes]:
    """``(event id, body)``: a lone notice as itself, several as one batch."""
    payloads = [notification.payload(_event_id()) for notification in notifications]
    if len(payloads) == 1:
        body: dict[str, Any] = payloads[0]
    else:
        body = {"id": _event_id(), "type": BATCH_TYPE, "data": payloads}
    return str(body["id"]), json.dumps(body, separators=(",", ":")).encode()


def _event_id() -> str:
    return f"evt_{secrets.token_hex(12)}"


class Notifier:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        url: str,
        secret: str,
        enabled: bool = True,
        timeout: float = 5.0,
        retry_seconds: Sequence[float] = (0.5, 2.0, 5.0),
        concurrency: int = 20,
        batch_size: int = 200,
        batch_window: float = 0.01,
    ) -> None:
        self._http = http
        self._url = url
        self._secret = secret
        self._enabled = enabled
        self._timeout = timeout
        self._pauses = (0.0, *retry_seconds)
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._batch_size = batch_size
        self._batch_window = batch_window
        self._queued: list[Notification] = []
        self._batcher: asyncio.Task[None] | None = None

    def after_commit(self, session: AsyncSession, notification: Notification) -> None:
        """Send ``notification`` once ``session`` commits; never if it rolls back."""
        if not self._enabled:
            return
        traced = replace(notification, traceparent=tracing.traceparent())
        session.info.setdefault(_PENDING, []).append(traced)
        if not session.info.get(_LISTENING):
            session.info[_LISTENING] = True
            event.listen(session.sync_session, "after_commit", self._committed)
            event.listen(session.sync_session, "after_rollback", _discard)

    def _committed(self, session: Session) -> None:
        self._queued.extend(session.info.pop(_PENDING, []))
        if self._queued and (self._batcher is None or self._batcher.done()):
            self._batcher = self._spawn(self._send_queued())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _send_queued(self) -> None:
        """Gather what commits within the window, then hand it to a delivery of its own."""
        while self._queued:
            await asyncio.sleep(self._batch_window)
            batch = self._queued[: self._batch_size]
            del self._queued[: self._batch_size]
            self._spawn(self._deliver(batch))

    async def _deliver(self, notifications: Sequence[Notification]) -> None:
        event_id, body = delivery_body(notifications)
        context: dict[str, Any] = {"event_id": event_id, "notices": len(notifications)}
        # A batch belongs to several traces: it continues none of them.
        traceparent = notifications[0].traceparent if len(notifications) == 1 else None
        for attempt, pause in enumerate(self._pauses, start=1):
            await asyncio.sleep(pause)
            async with self._slots:
                outcome = await self._attempt(body, traceparent)
            if outcome is None:
                log.info("callback_delivered", attempt=attempt, **context)
                return
            log.warning("callback_attempt_failed", attempt=attempt, outcome=outcome, **context)
        log.warning("callback_abandoned", **context)

    async def _attempt(self, body: bytes, traceparent: str | None) -> str | None:
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(self._secret, timestamp, body),
        }
        if traceparent:
            headers["traceparent"] = traceparent  # the callback continues the charge's trace
        try:
            response = await self._http.post(
                self._url, content=body, headers=headers, timeout=self._timeout
            )
        except httpx.HTTPError as exc:
            return type(exc).__name__
        return None if response.is_success else f"http_{response.status_code}"

    async def close(self) -> None:
        """Stop pending deliveries at shutdown (the merchant's status re-check covers them)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)
