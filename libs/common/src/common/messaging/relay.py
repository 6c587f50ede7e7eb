"""The outbox relay: sends unsent outbox rows to RabbitMQ and marks them sent after the confirm.

Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so several relays never send one row twice
while each holds its batch; a batch is published with every confirm in flight at once. A crash
or broker outage between publish and commit only delays: unconfirmed rows stay unsent and are
sent again (consumers' inboxes drop the duplicate). An insert into the outbox NOTIFYs the
relay, so events leave within milliseconds; polling is the fallback.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aio_pika
import asyncpg
import structlog
from aio_pika.abc import AbstractExchange, AbstractRobustConnection
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.messaging.topology import declare_exchange
from common.platform_tables import outbox

log = structlog.get_logger("common.relay")
NOTIFY_CHANNEL = "outbox"


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
        self._dsn = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self._amqp_url = amqp_url
        self._exchange_name = exchange
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._confirm_timeout = confirm_timeout
        self._wakeup = asyncio.Event()
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
        message = aio_pika.Message(
            body,
            message_id=str(event_id),
            content_type="application/json",
            type=routing_key,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await exchange.publish(
            message, routing_key=routing_key, mandatory=True, timeout=self._confirm_timeout
        )

    async def _listen(self, stop: asyncio.Event) -> None:
        """Wake the relay on every outbox insert (the trigger NOTIFYs ``outbox``)."""
        while not stop.is_set():
            try:
                conn = await asyncpg.connect(self._dsn)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda *_, lost=lost: lost.set())
                await conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._wakeup.set())
                try:
                    await _wait_any(stop, lost, 3600.0)
                finally:
                    await conn.close()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("outbox_listen_failed", error=repr(exc))
                await asyncio.sleep(1)

    async def run(self, stop: asyncio.Event) -> None:
        listener = asyncio.create_task(self._listen(stop))
        backoff = 0.5
        try:
            while not stop.is_set():
                self._wakeup.clear()
                try:
                    sent = await self.relay_once()
                    backoff = 0.5
                except Exception as exc:
                    log.warning("outbox_relay_error", error=repr(exc), retry_in=backoff)
                    await self._reset()
                    await _wait(stop, backoff)
                    backoff = min(backoff * 2, 30.0)
                    continue
                if sent >= self._batch_size:
                    continue
                await _wait_any(stop, self._wakeup, self._poll_seconds)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
            await self._reset()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _wait_any(stop: asyncio.Event, wakeup: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wakeup.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
