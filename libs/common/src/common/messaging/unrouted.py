"""Events nobody subscribes to: counted, logged and dropped, so their queue never grows.

The exchange's alternate exchange sends an event no queue is bound for to
``<exchange>.unrouted`` (the relay's publish is confirmed, nothing is lost by accident). Every
worker drains that queue: each event is logged with its type and id and counted in
``events_unrouted_total{routing_key}``, then acknowledged. The queue's own length cap
(``x-max-length``, oldest dropped first) bounds it while no worker runs.
"""

from __future__ import annotations

import json

import structlog
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from prometheus_client import Counter

from common.messaging.topology import declare_exchange, unrouted_queue_arguments

log = structlog.get_logger("common.unrouted")

UNROUTED = Counter(
    "events_unrouted_total",
    "Events published that no service queue was bound to receive",
    ["routing_key"],
)


async def on_unrouted(message: AbstractIncomingMessage) -> None:
    routing_key = message.routing_key or "unknown"
    UNROUTED.labels(routing_key).inc()
    log.info("event_unrouted", routing_key=routing_key, event_id=_event_id(message.body))
    await message.ack()


def _event_id(body: bytes) -> str | None:
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError):
        return None
    event_id = envelope.get("id") if isinstance(envelope, dict) else None
    return event_id if isinstance(event_id, str) else None


async def drain_unrouted(channel: AbstractChannel, exchange: str) -> None:
    """Consume ``<exchange>.unrouted`` on ``channel`` (until the channel closes)."""
    await declare_exchange(channel, exchange)
    queue = await channel.declare_queue(
        f"{exchange}.unrouted", durable=True, arguments=unrouted_queue_arguments()
    )
    await queue.consume(on_unrouted)
