"""The outbox relay's publish rate, on a database and exchange of its own."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

from bench.report import Row
from tests.e2e.platform import new_run_id

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


async def relay_throughput(events: int = 20_000) -> Row:
    from common.db import create_engine, create_sessionmaker
    from common.events.auth import UserRegistered
    from common.messaging.outbox import publish
    from common.messaging.relay import OutboxRelay
    from common.messaging.topology import delete_topology
    from common.migrations import drop_database, ensure_database, upgrade_head

    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/bench_relay_{new_run_id()}"
    exchange = f"bench.{new_run_id()}"
    await ensure_database(url)
    try:
        await asyncio.to_thread(upgrade_head, Path("libs/common/tests"), url)
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker.begin() as session:
            for _ in range(events):
                await publish(
                    session,
                    UserRegistered(
                        user_id=uuid.uuid4(), email="b@x.io", username="b", role="buyer"
                    ),
                )
        relay = OutboxRelay(
            sessionmaker,
            database_url=url,
            amqp_url=AMQP_URL,
            exchange=exchange,
            batch_size=1000,
        )
        started = time.perf_counter()
        sent = 0
        while sent < events:
            sent += await relay.relay_once()
        rate = sent / (time.perf_counter() - started)
        await engine.dispose()
    finally:
        await drop_database(url)
        await delete_topology(AMQP_URL, exchange=exchange, queues=[])
    return Row("relay", "outbox relay publish rate", f"{rate:,.0f} events/s", ">= 4,600 events/s")
