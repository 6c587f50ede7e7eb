"""The inbox consumer's own cost: CPU per event of a worker whose handler does nothing.

A real ``Worker`` (relay, consumer, gauges: as a service runs it) consumes from its own quorum
queue on the real broker, with the inbox on a real, migrated database. Once it is consuming, a
separate publisher process sends N events (as fast as it can, or at ``--rate`` events/s), so the
CPU counted (this process's, from ``getrusage``) is the worker's alone, from the first event
published to the last one handled.

    uv run --no-sync python -m bench.consumer                 # 5,000 events, as fast as possible
    uv run --no-sync python -m bench.consumer --rate 100      # a trickle: mostly one at a time
    uv run --no-sync python -m bench.consumer --backlog       # queued first, then drained
    uv run --no-sync python -m bench.consumer --events 20000  # py-spy the pid it prints
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import Row

if TYPE_CHECKING:
    from common.settings import ServiceSettings
from tests.e2e.platform import new_run_id

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Result:
    events: int
    seconds: float
    cpu_seconds: float

    @property
    def cpu_ms_per_event(self) -> float:
        return self.cpu_seconds / self.events * 1000

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    def __str__(self) -> str:
        return (
            f"{self.events} events in {self.seconds:.2f} s: {self.rate:,.0f} events/s, "
            f"worker CPU {self.cpu_ms_per_event:.3f} ms/event"
        )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def consumer_cost(events: int = 5000, rate: float = 0.0, backlog: bool = False) -> Result:
    from common.events.auth import UserRegistered
    from common.messaging.consumer import Subscriber
    from common.messaging.topology import delete_topology
    from common.messaging.worker import Worker
    from common.migrations import drop_database, ensure_database, upgrade_head
    from common.settings import ServiceSettings

    run = new_run_id()
    url = f"{POSTGRES}/bench_consumer_{run}"
    settings = ServiceSettings(
        service_name="bench-consumer",
        environment="test",
        database_url=url,
        events_exchange=f"bench.{run}.events",
        queue_prefix=f"bench.{run}.",
        worker_metrics_port=0,
    )
    handled = 0
    first = (0.0, 0.0)  # CPU and time at the first event (backlog: the worker's start excluded)
    done = asyncio.Event()
    subscriber = Subscriber()

    @subscriber.on(UserRegistered)
    async def on_registered(event: UserRegistered, session: object) -> None:
        nonlocal handled, first
        handled += 1
        if handled == 1:
            first = (_cpu(), time.perf_counter())
        if handled >= events:
            done.set()

    await ensure_database(url)
    try:
        await asyncio.to_thread(upgrade_head, Path("libs/common/tests"), url)
        publisher = [
            sys.executable,
            "-m",
            "bench.consumer",
            "--publish",
            settings.events_exchange,
            "--events",
            str(events),
            "--rate",
            str(rate),
        ]
        if backlog:  # queued before the worker starts: it drains a full queue
            await _declare_queue(settings)
            await (await asyncio.create_subprocess_exec(*publisher)).wait()
        worker = Worker(settings, subscriber=subscriber)
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        await asyncio.wait_for(worker.ready.wait(), 30)
        print(f"worker pid {os.getpid()}: publishing {events} events", flush=True)
        cpu, started = _cpu(), time.perf_counter()
        if not backlog:
            await (await asyncio.create_subprocess_exec(*publisher)).wait()
        await asyncio.wait_for(done.wait(), 600)
        if backlog:
            cpu, started = first
            events -= 1
        result = Result(events, time.perf_counter() - started, _cpu() - cpu)
        stop.set()
        await task
    finally:
        await drop_database(url)
        await delete_topology(
            AMQP_URL, exchange=settings.events_exchange, queues=[settings.queue_name]
        )
    return result


async def _declare_queue(settings: ServiceSettings) -> None:
    import aio_pika

    from common.events.auth import UserRegistered
    from common.messaging.topology import Topology, declare_service_queue

    topology = Topology(
        settings.events_exchange, settings.queue_name, settings.consumer_max_attempts
    )
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        await declare_service_queue(channel, topology, [UserRegistered.routing_key])


async def publish(exchange_name: str, events: int, rate: float) -> None:
    """The publisher process: N ``auth.user.registered`` envelopes, confirmed by the broker."""
    import aio_pika

    from common.events.auth import UserRegistered
    from common.events.base import Envelope
    from common.messaging.topology import declare_exchange

    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        exchange = await declare_exchange(channel, exchange_name)
        bodies = [
            Envelope.wrap(
                UserRegistered(user_id=uuid.uuid4(), email="b@x.io", username="b", role="buyer"),
                correlation_id=str(uuid.uuid4()),
            )
            .model_dump_json()
            .encode()
            for _ in range(events)
        ]
        chunk = 200 if rate <= 0 else max(1, int(rate / 100))
        started = time.perf_counter()
        for index in range(0, events, chunk):
            await asyncio.gather(
                *(
                    exchange.publish(aio_pika.Message(body), routing_key="auth.user.registered")
                    for body in bodies[index : index + chunk]
                )
            )
            if rate > 0:
                ahead = (index + chunk) / rate - (time.perf_counter() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)


async def consumer_rows() -> list[Row]:
    """bench/results.md's row: a backlog of 5,000 drained, and a trickle of 100/s."""
    backlog = await consumer_cost(5000, backlog=True)
    trickle = await consumer_cost(2000, rate=100)
    return [
        Row(
            "consumer",
            "inbox consumer, no-op handler: worker CPU per event (a backlog of 5,000; 100/s)",
            f"{backlog.cpu_ms_per_event:.2f} ms ({backlog.rate:,.0f} events/s); "
            f"{trickle.cpu_ms_per_event:.2f} ms",
            "-",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=0.0, help="events/s; 0: as fast as it can")
    parser.add_argument("--backlog", action="store_true", help="queue them all, then consume")
    parser.add_argument("--publish", metavar="EXCHANGE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish:
        asyncio.run(publish(args.publish, args.events, args.rate))
        return
    sys.path.insert(0, "libs/common/tests")
    print(asyncio.run(consumer_cost(args.events, args.rate, args.backlog)))


if __name__ == "__main__":
    main()
