"""RabbitMQ topology: the topic exchange, its alternate exchange, and each service's quorum
queue with an explicit delivery limit and its own dead-letter exchange and queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue
from aiormq.abc import FieldTable


@dataclass(frozen=True, slots=True)
class Topology:
    exchange: str
    queue: str
    max_attempts: int = 5

    @property
    def unrouted(self) -> str:
        """Where events nobody subscribes to go (not returned to the relay as lost; counted
        and dropped by workers, see common.messaging.unrouted)."""
        return f"{self.exchange}.unrouted"

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.queue}.dlx"

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.queue}.dead-letter"


UNROUTED_MAX_LENGTH = 100_000


def unrouted_queue_arguments() -> FieldTable:
    """Bounded: past the cap the oldest message is dropped (workers drain it meanwhile, see
    common.messaging.unrouted)."""
    return {
        "x-queue-type": "quorum",
        "x-max-length": UNROUTED_MAX_LENGTH,
        "x-overflow": "drop-head",
    }


async def declare_exchange(channel: AbstractChannel, name: str) -> AbstractExchange:
    unrouted = await channel.declare_exchange(
        f"{name}.unrouted", aio_pika.ExchangeType.FANOUT, durable=True
    )
    unrouted_queue = await channel.declare_queue(
        f"{name}.unrouted", durable=True, arguments=unrouted_queue_arguments()
    )
    await unrouted_queue.bind(unrouted)
    return await channel.declare_exchange(
        name,
        aio_pika.ExchangeType.TOPIC,
        durable=True,
        arguments={"alternate-exchange": f"{name}.unrouted"},
    )


async def declare_service_queue(
    channel: AbstractChannel, topology: Topology, routing_keys: Iterable[str]
) -> AbstractQueue:
    exchange = await declare_exchange(channel, topology.exchange)
    dlx = await channel.declare_exchange(
        topology.dead_letter_exchange, aio_pika.ExchangeType.FANOUT, durable=True
    )
    dead = await channel.declare_queue(
        topology.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await dead.bind(dlx)
    queue = await channel.declare_queue(
        topology.queue,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": topology.max_attempts,
            "x-dead-letter-exchange": topology.dead_letter_exchange,
        },
    )
    for key in routing_keys:
        await queue.bind(exchange, routing_key=key)
    return queue


async def delete_topology(amqp_url: str, *, exchange: str, queues: Iterable[str]) -> None:
    """Remove an exchange and service queues (with their dead-letter parts): tests and
    throwaway runs clean up after themselves so the broker does not accumulate queues."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
            await channel.queue_delete(f"{queue}.dead-letter")
            await channel.exchange_delete(f"{queue}.dlx")
        await channel.queue_delete(f"{exchange}.unrouted")
        await channel.exchange_delete(f"{exchange}.unrouted")
        await channel.exchange_delete(exchange)
