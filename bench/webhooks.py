"""The webhooks benchmark: fan-out of events into deliveries, then deliveries per second to a
local receiver (a separate process), on the real database with the real dispatcher.

    uv run python -m bench.webhooks          # also part of `make bench`
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from common.db import create_engine, create_sessionmaker
from common.events.base import Envelope
from common.events.orders import OrderShipped
from common.messaging.consumer import InboxProcessor
from common.migrations import drop_database, ensure_database, upgrade_head
from common.testing import free_port
from webhooks.delivery.dispatcher import Dispatcher
from webhooks.handlers import subscriber
from webhooks.models import Delivery, Endpoint
from webhooks.settings import Settings
from webhooks.signing import new_secret

USERS = 10
EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "1000"))
Row = tuple[str, str, str]


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run() -> list[Row]:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/bench_webhooks_{uuid.uuid4().hex[:8]}"
    await ensure_database(url)
    port = free_port()
    receiver = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.webhook_receiver", str(port)
    )
    engine = create_engine(url, pool_size=10, max_overflow=5)
    try:
        await asyncio.to_thread(upgrade_head, Path("services/webhooks"), url)
        settings = Settings(database_url=url, environment="test", access_log=False)
        sessionmaker = create_sessionmaker(engine)
        users = [uuid.uuid4() for _ in range(USERS)]
        async with sessionmaker.begin() as session:
            for user in users:
                endpoint_id = uuid.uuid4()
                session.add(
                    Endpoint(
                        id=endpoint_id,
                        user_id=user,
                        url=f"http://127.0.0.1:{port}/hooks",
                        event_types=["orders.*"],
                        secret_ciphertext=settings.keyring.encrypt(
                            new_secret(), endpoint_id=endpoint_id
                        ),
                    )
                )
        inbox = InboxProcessor(subscriber, sessionmaker)
        bodies = [
            Envelope.wrap(
                OrderShipped(order_id=uuid.uuid4(), user_id=users[0]), subject_user_ids=users
            )
            .model_dump_json()
            .encode()
            for _ in range(EVENTS)
        ]
        # As the worker's consumer does: many events handled at once (its prefetch).
        limit = asyncio.Semaphore(settings.database_pool_size)

        async def consume(body: bytes) -> None:
            async with limit:
                await inbox.process(body)

        fan_out_cpu = _cpu(os.getpid())
        started = time.perf_counter()
        await asyncio.gather(*(consume(body) for body in bodies))
        fan_out_seconds = time.perf_counter() - started
        fan_out_cpu = _cpu(os.getpid()) - fan_out_cpu
        total = EVENTS * USERS

        dispatcher = Dispatcher(sessionmaker, settings)
        stop = asyncio.Event()
        cpu_before, receiver_before = _cpu(os.getpid()), _cpu(receiver.pid)
        started = time.perf_counter()
        task = asyncio.create_task(dispatcher.run(stop))
        while True:
            async with sessionmaker() as session:
                done = await session.scalar(
                    select(func.count()).where(Delivery.status == "succeeded")
                )
            if (done or 0) >= total:
                break
            await asyncio.sleep(0.05)
        seconds = time.perf_counter() - started
        cpu = _cpu(os.getpid()) - cpu_before
        receiver_cpu = _cpu(receiver.pid) - receiver_before
        stop.set()
        await task
    finally:
        receiver.terminate()
        await receiver.wait()
        await engine.dispose()
        await drop_database(url)
    return [
        (
            "webhook fan-out (event consumed -> deliveries stored)",
            f"{EVENTS / fan_out_seconds:.0f} events/s ({total / fan_out_seconds:.0f} deliveries/s; "
            f"consumer {fan_out_cpu / EVENTS * 1000:.1f} ms CPU per event)",
            "-",
        ),
        (
            f"webhook deliveries to a local receiver ({total} signed POSTs, {USERS} endpoints)",
            f"{total / seconds:.0f} deliveries/s (dispatcher {cpu / total * 1000:.2f} ms CPU, "
            f"receiver {receiver_cpu / total * 1000:.2f} ms each)",
            ">= 1,000 deliveries/s",
        ),
    ]


if __name__ == "__main__":
    for row in asyncio.run(run()):
        print(" | ".join(row))
