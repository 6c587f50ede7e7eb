"""The dead-letter queue of a service, made visible and replayable.

A message lands there after its handler failed on every attempt (or could never be parsed).
Once the cause is fixed, :func:`replay` sends the parked messages back to the service's own
queue; the inbox still guarantees that an event already handled has no second effect.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import aio_pika

from common.messaging.topology import Topology


@dataclass(frozen=True)
class DeadLetterSummary:
    count: int
    by_type: dict[str, int]


async def inspect(amqp_url: str, topology: Topology, *, limit: int = 1000) -> DeadLetterSummary:
    """Count the parked messages by event type without removing them: they are received
    unacknowledged and return to the queue when the channel closes."""
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(
            topology.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        count = queue.declaration_result.message_count or 0
        types: Counter[str] = Counter()
        for _ in range(min(limit, count)):
            message = await queue.get(fail=False, no_ack=False)
            if message is None:
                break
            types[message.type or _envelope_type(message.body)] += 1
        await channel.close()
        return DeadLetterSummary(count=count, by_type=dict(types))
    finally:
        await connection.close()


async def replay(amqp_url: str, topology: Topology, *, limit: int = 10_000) -> int:
    """Move up to ``limit`` parked messages back onto the service's queue; returns how many."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        dead = await channel.declare_queue(
            topology.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        moved = 0
        while moved < limit:
            message = await dead.get(fail=False, no_ack=False)
            if message is None:
                break
            await channel.default_exchange.publish(
                aio_pika.Message(
                    message.body,
                    message_id=message.message_id,
                    content_type=message.content_type,
                    type=message.type,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=topology.queue,
            )
            await message.ack()
            moved += 1
        return moved


def _envelope_type(body: bytes) -> str:
    try:
        return str(json.loads(body).get("type", "unknown"))
    except (ValueError, AttributeError):
        return "unparseable"
