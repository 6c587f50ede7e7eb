"""The dispatcher: keeps many deliveries in flight at once and records their outcomes.

It runs on the platform's due-work primitive (:func:`common.duework.run_due`, woken by the
``webhooks_due`` NOTIFY through :class:`common.duework.Wakeups`): each step claims due
deliveries (as many as free slots allow, at most
``max_in_flight_per_endpoint`` per endpoint) and starts one task per delivery; a slow or dead
endpoint holds only its own slots while every other endpoint's deliveries keep flowing.
Outcomes are recorded in batches (every ``record_interval_seconds`` or ``record_batch_size``
outcomes) in one transaction each, which also ends or starts endpoints' failing streaks and
disables endpoints that answered 410 or failed for too long. The loop wakes on the NOTIFY,
when a slot frees while work waits, and every poll interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.db import utcnow
from common.duework import DueJob, Wakeups, run_due, wait_any
from webhooks.delivery import client, schedule
from webhooks.encryption import CannotDecrypt
from webhooks.repository import dispatch
from webhooks.repository.deliveries import NOTIFY_CHANNEL
from webhooks.service import endpoints as endpoint_service
from webhooks.settings import Settings

log = structlog.get_logger("webhooks.dispatcher")
MAX_RECORD_FAILURES = 5


class Dispatcher:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self._sessionmaker = sessionmaker
        self._settings = settings
        self._allowed = settings.allowed
        self._keyring = settings.keyring
        self._wakeup = asyncio.Event()
        self._in_flight: Counter[uuid.UUID] = Counter()
        self._total_in_flight = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._outcomes: list[dispatch.Recorded] = []
        self._outcome_ready = asyncio.Event()
        self._backlog = False
        self.sent = 0
        """Attempts made since start (benchmarks read it)."""
        self.record_failures = 0
        """Batches of outcomes that could not be stored (tests and metrics read it)."""

    async def run_until_cancelled(self) -> None:
        """:meth:`run` as a worker job: a cancellation stops claiming, lets the deliveries in
        flight finish and records them before ending."""
        stop = asyncio.Event()
        task = asyncio.create_task(self.run(stop))
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            stop.set()
            await task
            raise

    async def run(self, stop: asyncio.Event) -> None:
        settings = self._settings
        http = client.open_session(
            allowed=self._allowed,
            timeout=settings.delivery_timeout_seconds,
            limit=settings.max_in_flight,
        )
        wakeups = Wakeups(settings.database_url)
        self._wakeup = wakeups.event(NOTIFY_CHANNEL)
        listener = asyncio.create_task(wakeups.run(stop))
        recorder_stop = asyncio.Event()
        recorder = asyncio.create_task(self._record_forever(recorder_stop))
        job = DueJob(
            name="webhook-deliveries",
            step=lambda: self.claim_round(http),
            batch_size=settings.claim_batch_size,
            poll_seconds=settings.dispatch_poll_seconds,
            channel=NOTIFY_CHANNEL,
        )
        try:
            await run_due(job, stop, self._wakeup)
        finally:
            listener.cancel()
            if self._tasks:
                await asyncio.wait(self._tasks, timeout=settings.delivery_timeout_seconds + 1)
            recorder_stop.set()
            with contextlib.suppress(Exception):
                await recorder
            await http.close()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def claim_round(self, http: aiohttp.ClientSession) -> int:
        """Claim what free slots allow and start sending it; returns how many were claimed.
        Work is left waiting (``backlog``) when every slot asked for was filled: then a slot
        freeing wakes the loop at once."""
        settings = self._settings
        room = settings.max_in_flight - self._total_in_flight
        limit = min(room, settings.claim_batch_size)
        if limit <= 0:
            self._backlog = True
            return 0
        now = utcnow()
        if not await dispatch.any_due(self._sessionmaker, now=now):
            self._backlog = False
            return 0
        async with self._sessionmaker.begin() as session:
            claimed = await dispatch.claim_due(
                session,
                now=now,
                lease=now + _seconds(settings.lease_seconds),
                limit=limit,
                per_endpoint=settings.max_in_flight_per_endpoint,
                busy=self._in_flight,
            )
        for delivery in claimed:
            self._in_flight[delivery.endpoint_id] += 1
            self._total_in_flight += 1
            task = asyncio.create_task(self._deliver(http, delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._backlog = len(claimed) >= limit
        return len(claimed)

    async def _deliver(self, http: aiohttp.ClientSession, delivery: dispatch.Claimed) -> None:
        settings = self._settings
        try:
            secrets = [
                self._keyring.decrypt(secret, endpoint_id=delivery.endpoint_id)
                for secret in delivery.encrypted_secrets
            ]
        except CannotDecrypt as exc:
            # A configuration error, not the endpoint's fault: no attempt is made or logged,
            # and the delivery comes due again when its lease ends (once the key is back).
            log.error(
                "webhooks_secret_not_decrypted",
                endpoint_id=str(delivery.endpoint_id),
                error=str(exc),
            )
            self._release(delivery.endpoint_id)
            return
        try:
            attempt = await client.send(
                http,
                url=delivery.url,
                webhook_id=str(delivery.id),
                body=delivery.payload,
                secrets=secrets,
                allowed=self._allowed,
                excerpt_bytes=settings.response_excerpt_bytes,
            )
        finally:
            self._release(delivery.endpoint_id)
        following = schedule.after(
            attempt, retries=delivery.retries, manual=delivery.manual, settings=settings
        )
        self.sent += 1
        self._outcomes.append(
            dispatch.Recorded(
                attempt_id=uuid.uuid4(),
                delivery_id=delivery.id,
                endpoint_id=delivery.endpoint_id,
                lease=delivery.lease,
                attempted_at=attempt.attempted_at,
                trigger="manual" if delivery.manual else "automatic",
                status_code=attempt.status_code,
                duration_ms=attempt.duration_ms,
                excerpt=attempt.excerpt,
                error=attempt.error,
                status=following.status,
                next_attempt_at=following.next_attempt_at,
                retries=following.retries,
            )
        )
        self._outcome_ready.set()

    def _release(self, endpoint_id: uuid.UUID) -> None:
        """Free a slot. The loop is woken once enough slots are free to be worth a claim (a
        quarter of an endpoint's share, or of all slots while work waits), not per slot:
        claims stay batches even when every endpoint is at its cap."""
        settings = self._settings
        count = self._in_flight[endpoint_id] - 1
        if count <= 0:
            del self._in_flight[endpoint_id]
        else:
            self._in_flight[endpoint_id] = count
        self._total_in_flight -= 1
        refill_endpoint = count == settings.max_in_flight_per_endpoint * 3 // 4
        refill_all = self._backlog and self._total_in_flight <= settings.max_in_flight * 3 // 4
        if refill_endpoint or refill_all:
            self._wakeup.set()

    async def _record_forever(self, stop: asyncio.Event) -> None:
        settings = self._settings
        failures = 0
        while not (stop.is_set() and not self._outcomes):
            await wait_any(stop, self._outcome_ready, seconds=settings.dispatch_poll_seconds)
            self._outcome_ready.clear()
            if len(self._outcomes) < settings.record_batch_size and not stop.is_set():
                await asyncio.sleep(settings.record_interval_seconds)
            batch, self._outcomes = self._outcomes, []
            if not batch:
                continue
            try:
                await self.record(batch)
                failures = 0
            except Exception as exc:
                failures += 1
                self.record_failures += 1
                log.warning("webhooks_record_failed", error=repr(exc), outcomes=len(batch))
                if failures < MAX_RECORD_FAILURES:
                    self._outcomes = batch + self._outcomes
                    await asyncio.sleep(min(2.0**failures * 0.1, 5.0))
                else:
                    # Their leases run out and they are sent again: at least once, never lost.
                    log.error("webhooks_outcomes_dropped", outcomes=len(batch))
                    failures = 0

    async def record(self, batch: Sequence[dispatch.Recorded]) -> None:
        """Store a batch of outcomes and their effect on endpoints, in one transaction."""
        succeeded = {o.endpoint_id for o in batch if o.succeeded}
        failed = {o.endpoint_id for o in batch if not o.succeeded} - succeeded
        gone = {o.endpoint_id for o in batch if o.status_code == 410}
        now = utcnow()
        async with self._sessionmaker.begin() as session:
            await dispatch.record(session, batch, now=now)
            await dispatch.mark_endpoints(
                session, succeeded=list(succeeded), failed=list(failed), now=now
            )
            await endpoint_service.disable_failing(
                session,
                gone=list(gone),
                failing=list(failed - gone),
                failing_before=now - _seconds(self._settings.disable_after_failing_seconds),
            )


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)
