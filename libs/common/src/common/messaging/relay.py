"""The outbox relay: sends unsent outbox rows to RabbitMQ and marks them sent after the confirm.

Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so several relays never send one row twice
while each holds its batch; a batch is published with every confirm in flight at once. A crash
or broker outage between publish and commit only delays: unconfirmed rows stay unsent and are
sent again (consumers' inboxes drop the duplicate). An insert into the outbox NOTIFYs the
relay, so events leave within milliseconds; polling is the fallback (the loop is
:mod:`common.duework`'s, shared with every other kind of due work).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import AbstractExchange, AbstractRobustConnection
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common import tracing
from common.duework import DueJob, run_due_jobs
from common.messaging.topology import declare_exchange
from common.metrics import EVENTS_RELAYED, RELAY_FAILURES
from common.platform_tables import outbox

log = structlog.get_logger("common.relay")
NOTIFY_CHANNEL = "outbox"
_TRACEPARENT_KEY = b'"traceparent":"'
_TRACEPARENT_LENGTH = 55  # "00-<32 hex trace id>-<16 hex span id>-<2 hex flags>"


def _count(rows: Sequence[Any], results: Sequence[BaseException | None]) -> None:
    relayed: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for row, result in zip(rows, results, strict=True):
        (failures if result else relayed)[row.routing_key] += 1
    for event_type, n in relayed.items():
        EVENTS_RELAYED.labels(event_type).inc(n)
    for event_type, n in failures.items():
        RELAY_FAILURES.labels(event_type).inc(n)


def _traceparent(body: bytes) -> dict[str, str] | None:
    """The envelope's traceparent, found without parsing the JSON (it precedes ``data``)."""
    start = body.find(_TRACEPARENT_KEY)
    if start < 0:
        return None
    start += len(_TRACEPARENT_KEY)
    return {tracing.TRACEPARENT: body[start : start + _TRACEPARENT_LENGTH].decode("latin-1")}


class OutboxRelay:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        database_url: str,
        amqp_url: str,
        exchange: str,
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        confirm_timeout: float = 10.0,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._database_url = database_url
        self._amqp_url = amqp_url
        self._exchange_name = exchange
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._confirm_timeout = confirm_timeout
        self._connection: AbstractRobustConnection | None = None
        self._exchange: AbstractExchange | None = None

    async def _ensure_exchange(self) -> AbstractExchange:
        if self._exchange is None:
            self._connection = await aio_pika.connect_robust(self._amqp_url, timeout=5)
            channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
            self._exchange = await declare_exchange(channel, self._exchange_name)
        return self._exchange

    async def _reset(self) -> None:
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def close(self) -> None:
        """Close the broker connection (the worker calls it when it stops)."""
        await self._reset()

    async def relay_once(self) -> int:
        """Send one batch; returns how many events were confirmed by the broker."""
        exchange = await self._ensure_exchange()
        async with self._sessionmaker.begin() as session:
            rows = (
                await session.execute(
                    select(outbox.c.id, outbox.c.routing_key, outbox.c.body)
                    .where(outbox.c.sent_at.is_(None))
                    .order_by(outbox.c.created_at)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            results = await asyncio.gather(
                *(self._publish(exchange, row.id, row.routing_key, row.body) for row in rows),
                return_exceptions=True,
            )
            sent = [row.id for row, res in zip(rows, results, strict=True) if res is None]
            failed = [(row.id, res) for row, res in zip(rows, results, strict=True) if res]
            _count(rows, results)
            if sent:
                await session.execute(
                    update(outbox).where(outbox.c.id.in_(sent)).values(sent_at=func.now())
                )
            for row_id, error in failed:
                await session.execute(
                    update(outbox)
                    .where(outbox.c.id == row_id)
                    .values(attempts=outbox.c.attempts + 1, last_error=repr(error)[:500])
                )
        if failed:
            log.warning("outbox_publish_failed", failed=len(failed), error=repr(failed[0][1]))
            if not sent:
                raise RuntimeError(f"no event of the batch was confirmed: {failed[0][1]!r}")
        return len(sent)

    async def _publish(
        self, exchange: AbstractExchange, event_id: Any, routing_key: str, body: bytes
    ) -> None:
        if not tracing.enabled():
            await self._send(exchange, event_id, routing_key, body, None)
            return
        origin = _traceparent(body)
        with (
            tracing.span(f"publish {routing_key}", kind="producer", carrier=origin),
        ):
            await self._send(exchange, event_id, routing_key, body, tracing.traceparent())

    async def _send(
        self,
        exchange: AbstractExchange,
        event_id: Any,
        routing_key: str,
        body: bytes,
        traceparent: str | None,
    ) -> None:
        message = aio_pika.Message(
            body,
            message_id=str(event_id),
            content_type="application/json",
            type=routing_key,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={tracing.TRACEPARENT: traceparent} if traceparent else None,
        )
        await exchange.publish(
            message, routing_key=routing_key, mandatory=True, timeout=self._confirm_timeout
        )

    def due_job(self) -> DueJob:
        """The relay as due work: woken by the outbox trigger's NOTIFY, polled as a fallback."""
        return DueJob(
            name="relay",
            step=self.relay_once,
            batch_size=self._batch_size,
            poll_seconds=self._poll_seconds,
            channel=NOTIFY_CHANNEL,
            on_error=self._reset,
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` (a worker runs :meth:`due_job` beside its other due work)."""
        try:
            await run_due_jobs([self.due_job()], stop, database_url=self._database_url)
        finally:
            await self._reset()
