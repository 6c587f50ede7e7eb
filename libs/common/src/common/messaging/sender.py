"""The broker side of publishing: one connection and confirm channel per process, shared by the
outbox relay and the fast path (common.messaging.fastpath).

Every message is persistent and ``mandatory`` on a channel with publisher confirms; a batch is
sent with every confirm in flight at once. Only a confirmed message counts as sent: a returned
(unroutable) message, a nack or a timeout is a failure the caller retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection

from common import tracing
from common.messaging.topology import declare_exchange
from common.metrics import EVENTS_RELAYED, RELAY_FAILURES

_TRACEPARENT_KEY = b'"traceparent":"'
_TRACEPARENT_LENGTH = 55  # "00-<32 hex trace id>-<16 hex span id>-<2 hex flags>"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """What is sent of an outbox row (the relay reads it back, the fast path keeps it)."""

    id: uuid.UUID
    routing_key: str
    body: bytes


class Sender:
    def __init__(self, amqp_url: str, exchange: str, *, confirm_timeout: float = 10.0) -> None:
        self._amqp_url = amqp_url
        self._exchange_name = exchange
        self._confirm_timeout = confirm_timeout
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._connecting = asyncio.Lock()

    @property
    def available(self) -> bool:
        """Connected, with the channel open: a message sent now is likely confirmed."""
        channel = self._channel
        return self._exchange is not None and channel is not None and not channel.is_closed

    async def exchange(self) -> AbstractExchange:
        """The exchange, connecting first if needed (raises when the broker is unreachable)."""
        async with self._connecting:
            if self._exchange is None:
                connection = await aio_pika.connect_robust(self._amqp_url, timeout=5)
                try:
                    channel = await connection.channel(
                        publisher_confirms=True, on_return_raises=True
                    )
                    exchange = await declare_exchange(channel, self._exchange_name)
                except BaseException:
                    with contextlib.suppress(Exception):
                        await connection.close()
                    raise
                self._connection, self._channel, self._exchange = connection, channel, exchange
            return self._exchange

    async def send(self, rows: Sequence[OutboxRow]) -> list[BaseException | None]:
        """Send ``rows`` with their confirms in flight at once; per row, None once confirmed or
        the error. Counted in the relay metrics."""
        try:
            exchange = await self.exchange()
        except Exception as exc:
            results: list[BaseException | None] = [exc] * len(rows)
        else:
            results = await asyncio.gather(
                *(self._publish(exchange, row) for row in rows), return_exceptions=True
            )
        _count(rows, results)
        return results

    async def reset(self) -> None:
        """Drop the connection (after a failure: the next send opens a new one)."""
        connection, self._connection = self._connection, None
        self._channel = self._exchange = None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _publish(self, exchange: AbstractExchange, row: OutboxRow) -> None:
        if not tracing.enabled():
            await self._send(exchange, row, None)
            return
        origin = _traceparent(row.body)
        with tracing.span(f"publish {row.routing_key}", kind="producer", carrier=origin):
            await self._send(exchange, row, tracing.traceparent())

    async def _send(
        self, exchange: AbstractExchange, row: OutboxRow, traceparent: str | None
    ) -> None:
        message = aio_pika.Message(
            row.body,
            message_id=str(row.id),
            content_type="application/json",
            type=row.routing_key,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={tracing.TRACEPARENT: traceparent} if traceparent else None,
        )
        await exchange.publish(
            message, routing_key=row.routing_key, mandatory=True, timeout=self._confirm_timeout
        )


def _count(rows: Sequence[OutboxRow], results: Sequence[BaseException | None]) -> None:
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
