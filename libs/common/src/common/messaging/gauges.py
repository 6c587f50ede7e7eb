"""The worker's view of its bus, sampled periodically for /metrics: outbox backlog and age,
dead-lettered and unrouted messages."""

from __future__ import annotations

import contextlib

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.messaging.topology import Topology
from common.metrics import DEAD_LETTERS, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, UNROUTED_EVENTS
from common.platform_tables import outbox


class BusGauges:
    def __init__(self, amqp_url: str, topology: Topology, *, consumes: bool) -> None:
        self._amqp_url = amqp_url
        self._topology = topology
        self._consumes = consumes
        self._connection: AbstractRobustConnection | None = None

    async def sample(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async with sessionmaker() as session:
            backlog, age = (
                await session.execute(
                    select(
                        func.count(),
                        func.extract("epoch", func.now() - func.min(outbox.c.created_at)),
                    ).where(outbox.c.sent_at.is_(None))
                )
            ).one()
        OUTBOX_BACKLOG.set(backlog)
        OUTBOX_OLDEST_AGE.set(float(age or 0.0))
        await self._sample_queues()

    async def _sample_queues(self) -> None:
        if self._connection is None:
            self._connection = await aio_pika.connect_robust(self._amqp_url, timeout=5)
        channel = await self._connection.channel()
        try:
            UNROUTED_EVENTS.set(await _depth(channel, self._topology.unrouted))
            if self._consumes:
                DEAD_LETTERS.set(await _depth(channel, self._topology.dead_letter_queue))
        finally:
            with contextlib.suppress(Exception):
                await channel.close()

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()


async def _depth(channel: aio_pika.abc.AbstractChannel, queue: str) -> int:
    declared = await channel.declare_queue(queue, passive=True)
    return declared.declaration_result.message_count or 0
