"""Signed server-to-server notifications to the merchant, sent after the change commits.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from common import tracing

log = structlog.get_logger("sandbox.callbacks")

TIMESTAMP_HEADER = "Sandbox-Timestamp"
SIGNATURE_HEADER = "Sandbox-Signature"
_PENDING = "sandbox_pending_notifications"
_LISTENING = "sandbox_notifier_listening"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">``, the ``Sandbox-Signature`` value."""
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Notification:
    reference: str
    charge_id: str
    type: str = "charge.updated"

    def body(self, event_id: str) -> bytes:
        payload = {
            "id": event_id,
            "type": self.type,
            "reference": self.reference,
            "charge_id": self.charge_id,
        }
        return json.dumps(payload, separators=(",", ":")).encode()


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
    ) -> None:
        self._http = http
        self._url = url
        self._secret = secret
        self._enabled = enabled
        self._timeout = timeout
        self._pauses = (0.0, *retry_seconds)
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    def after_commit(self, session: AsyncSession, notification: Notification) -> None:
        """Send ``notification`` once ``session`` commits; never if it rolls back."""
        if not self._enabled:
            return
        session.info.setdefault(_PENDING, []).append(notification)
        if not session.info.get(_LISTENING):
            session.info[_LISTENING] = True
            event.listen(session.sync_session, "after_commit", self._committed)
            event.listen(session.sync_session, "after_rollback", _discard)

    def _committed(self, session: Session) -> None:
        for notification in session.info.pop(_PENDING, []):
            task = asyncio.get_running_loop().create_task(self._deliver(notification))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, notification: Notification) -> None:
        event_id = f"evt_{secrets.token_hex(12)}"
        body = notification.body(event_id)
        context: dict[str, Any] = {"event_id": event_id, "charge_id": notification.charge_id}
        for attempt, pause in enumerate(self._pauses, start=1):
            await asyncio.sleep(pause)
            async with self._slots:
                outcome = await self._attempt(body)
            if outcome is None:
                log.info("callback_delivered", attempt=attempt, **context)
                return
            log.warning("callback_attempt_failed", attempt=attempt, outcome=outcome, **context)
        log.warning("callback_abandoned", **context)

    async def _attempt(self, body: bytes) -> str | None:
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(self._secret, timestamp, body),
        }
        tracing.inject_headers(headers)  # the callback continues the charge's trace
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
