"""The worker's view of its bus, sampled periodically for /metrics: outbox backlog and age, and
dead-lettered messages (unrouted events are counted as drained: common.messaging.unrouted)."""

from __future__ import annotations

import contextlib

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.messaging.topology import Topology
from common.metrics import DEAD_LETTERS, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE
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
        if not self._consumes:
            return
        if self._connection is None:
            self._connection = await aio_pika.connect_robust(self._amqp_url, timeout=5)
        dead = await self._depth(self._topology.dead_letter_queue)
        if dead is not None:
            DEAD_LETTERS.set(dead)

    async def _depth(self, queue: str) -> int | None:
        """Messages in ``queue``; None while it is not declared yet (a worker starting)."""
        assert self._connection is not None
        channel = await self._connection.channel()
        try:
            declared = await channel.declare_queue(queue, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return None  # a failed passive declare closes the channel
        with contextlib.suppress(Exception):
            await channel.close()
        return declared.declaration_result.message_count or 0

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
