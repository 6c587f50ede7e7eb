"""A service's worker process: outbox relay, event consumer, due work and periodic jobs, stopped
cleanly on SIGTERM/SIGINT. Several replicas may run at once: the relay and every due job claim
rows with ``SKIP LOCKED`` leases (common.duework), the consumer shares the queue, and periodic
jobs must be safe to run concurrently too."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import aio_pika
import structlog
from aio_pika.abc import AbstractRobustConnection
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.db import create_engine, create_sessionmaker
from common.duework import DueJob, run_due_jobs
from common.idempotency import purge_expired_keys
from common.messaging.consumer import InboxProcessor, Subscriber
from common.messaging.delivery import BrokerConsumer
from common.messaging.fastpath import FastPath
from common.messaging.gauges import BusGauges
from common.messaging.relay import OutboxRelay
from common.messaging.topology import Topology, declare_service_queue
from common.messaging.unrouted import drain_unrouted
from common.metrics import start_worker_metrics, worker_metrics_port
from common.observability import configure_logging
from common.platform_tables import inbox, outbox
from common.settings import ServiceSettings

log = structlog.get_logger("common.worker")

JobFn = Callable[[async_sessionmaker[AsyncSession]], Awaitable[None]]
DueWork = Callable[[async_sessionmaker[AsyncSession]], DueJob]
"""Builds a due job from the worker's sessionmaker (made when the worker starts)."""


@dataclass(frozen=True)
class PeriodicJob:
    """``run(sessionmaker)`` every ``interval`` seconds; errors are logged and retried next time."""

    name: str
    interval: float
    run: JobFn


@dataclass
class Worker:
    settings: ServiceSettings
    subscriber: Subscriber | None = None
    jobs: Sequence[PeriodicJob] = field(default_factory=tuple)
    due_work: Sequence[DueWork] = field(default_factory=tuple)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    """Set once the service queue is declared, bound and consumed (tests wait for it)."""

    def __post_init__(self) -> None:
        topology = Topology(exchange=self.settings.events_exchange, queue=self.settings.queue_name)
        consumes = self.subscriber is not None and bool(self.subscriber.routing_keys)
        self._gauges = BusGauges(self.settings.amqp_url, topology, consumes=consumes)

    async def run(self, stop: asyncio.Event) -> None:
        engine = create_engine(self.settings.database_url, pool_size=5, max_overflow=5)
        sessionmaker = create_sessionmaker(engine)
        relay = OutboxRelay(
            sessionmaker,
            database_url=self.settings.database_url,
            amqp_url=self.settings.amqp_url,
            exchange=self.settings.events_exchange,
            batch_size=self.settings.relay_batch_size,
            poll_seconds=self.settings.relay_poll_seconds,
        )
        fast = FastPath(relay.sender, sessionmaker, lease=self.settings.fast_path_lease_seconds)
        if self.settings.fast_path:
            fast.bind()
        due = [relay.due_job(), *(build(sessionmaker) for build in self.due_work)]
        tasks = [
            asyncio.create_task(
                run_due_jobs(due, stop, database_url=self.settings.database_url), name="due"
            )
        ]
        tasks.append(asyncio.create_task(self._drain_unrouted(stop), name="unrouted"))
        port = self.settings.worker_metrics_port
        metrics = start_worker_metrics(port if port and port > 0 else None, self.settings.host)
        if self.subscriber is not None and self.subscriber.routing_keys:
            tasks.append(asyncio.create_task(self._consume(sessionmaker, stop), name="consumer"))
        else:
            self.ready.set()
        for job in [*self.jobs, *self._housekeeping()]:
            tasks.append(asyncio.create_task(_every(job, sessionmaker, stop), name=job.name))
        log.info("worker_started", service=self.settings.service_name)
        try:
            await stop.wait()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await fast.close()
            await relay.close()
            await self._gauges.close()
            if metrics is not None:
                metrics.shutdown()
                metrics.server_close()
            await engine.dispose()
            log.info("worker_stopped", service=self.settings.service_name)

    async def _consume(
        self, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        assert self.subscriber is not None
        settings = self.settings
        topology = Topology(
            exchange=settings.events_exchange,
            queue=settings.queue_name,
            max_attempts=settings.consumer_max_attempts,
        )
        consumer = BrokerConsumer(
            InboxProcessor(self.subscriber, sessionmaker),
            max_attempts=settings.consumer_max_attempts,
            retry_base_seconds=settings.consumer_retry_base_seconds,
            max_batch=settings.consumer_prefetch,
        )
        connection = await _connect(settings.amqp_url, stop)
        if connection is None:
            return
        try:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=settings.consumer_prefetch)
            queue = await declare_service_queue(channel, topology, self.subscriber.routing_keys)
            await queue.consume(consumer.on_message)
            self.ready.set()
            await stop.wait()
        finally:
            await connection.close()
            await consumer.close()

    async def _drain_unrouted(self, stop: asyncio.Event) -> None:
        """Counts and drops events no queue receives (common.messaging.unrouted)."""
        connection = await _connect(self.settings.amqp_url, stop)
        if connection is None:
            return
        try:
            await drain_unrouted(await connection.channel(), self.settings.events_exchange)
            await stop.wait()
        finally:
            await connection.close()

    def _housekeeping(self) -> list[PeriodicJob]:
        ttl = dt.timedelta(hours=self.settings.idempotency_ttl_hours)

        async def purge(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
            now = dt.datetime.now(dt.UTC)
            async with sessionmaker.begin() as session:
                await purge_expired_keys(session, older_than=now - ttl)
                sent_before = now - dt.timedelta(days=7)
                handled_before = now - dt.timedelta(days=30)
                await session.execute(delete(outbox).where(outbox.c.sent_at < sent_before))
                await session.execute(delete(inbox).where(inbox.c.processed_at < handled_before))

        return [
            PeriodicJob("housekeeping", 3600.0, purge),
            PeriodicJob("bus-gauges", self.settings.bus_gauges_seconds, self._gauges.sample),
        ]


async def _connect(amqp_url: str, stop: asyncio.Event) -> AbstractRobustConnection | None:
    """A robust broker connection, retried until it opens; None if stopped first."""
    while not stop.is_set():
        try:
            return await aio_pika.connect_robust(amqp_url, timeout=5)
        except Exception as exc:
            log.warning("broker_unreachable", error=repr(exc))
            await _sleep(stop, 2.0)
    return None


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _every(
    job: PeriodicJob, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
) -> None:
    while not stop.is_set():
        try:
            await job.run(sessionmaker)
        except Exception as exc:
            log.exception("job_failed", job=job.name, error=repr(exc))
        await _sleep(stop, job.interval)


def run_worker(worker: Worker) -> None:
    """Entry point of ``<service>-worker``: runs until SIGTERM or SIGINT."""
    settings = worker.settings
    configure_logging(settings.log_level, service=settings.service_name)
    # A worker process serves /metrics on the api's port + 1000 unless told otherwise.
    port = worker_metrics_port(settings.port, settings.worker_metrics_port)
    worker.settings = settings.model_copy(update={"worker_metrics_port": port or 0})

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await worker.run(stop)

    asyncio.run(main())
