"""The billing scheduler's rate: charges requested per minute by 2 ``billing-worker`` replicas
(real processes) over due subscriptions written in bulk beforehand.

A charge counts once its row and its ``billing.charge.requested`` outbox event are committed
(the scheduler's one transaction); the relay sends the events on as it does in production.

    uv run --no-sync python -m bench.billing_scheduler [subscriptions]
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import asyncpg

from common.messaging.topology import delete_topology
from common.migrations import drop_database, ensure_database, upgrade_head

ROOT = Path(__file__).resolve().parents[1]
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
REPLICAS = 2


async def _fill(dsn: str, count: int) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "INSERT INTO subscription (id, user_id, item, item_id, amount, currency, frequency,"
            " payment_method_id, status, anchor_at, period, next_charge_at,"
            " cancel_at_period_end) SELECT gen_random_uuid(), gen_random_uuid(), 'bench',"
            " 'bench', 100, 'USD', 'monthly', gen_random_uuid(), 'active', now(), 0,"
            " now() + interval '3 seconds', false FROM generate_series(1, $1)",
            count,
        )
    finally:
        await conn.close()


async def _requested_at_least(conn: asyncpg.Connection, count: int) -> int:
    """Poll until ``count`` charges exist; returns how many there are."""
    while True:
        done = int(await conn.fetchval("SELECT count(*) FROM charge"))
        if done >= count:
            return done
        await asyncio.sleep(0.05)


def _workers(url: str, run_id: str) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "BILLING_DATABASE_URL": url,
        "BILLING_EVENTS_EXCHANGE": f"bench.{run_id}.events",
        "BILLING_QUEUE_PREFIX": f"bench.{run_id}.",
        "BILLING_ENVIRONMENT": "test",
        "BILLING_LOG_LEVEL": "WARNING",
    }
    command = [str(Path(sys.executable).parent / "billing-worker")]
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        for _ in range(REPLICAS)
    ]


async def scheduler_throughput(subscriptions: int = 20_000) -> tuple[str, str, str]:
    run_id = uuid.uuid4().hex[:8]
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/bench_billing_{run_id}"
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    await ensure_database(url)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        await asyncio.to_thread(upgrade_head, ROOT / "services/billing-scheduler", url)
        await _fill(dsn, subscriptions)
        conn = await asyncpg.connect(dsn)
        try:
            workers = _workers(url, run_id)
            await _requested_at_least(conn, 1)
            started = time.perf_counter()
            done = await _requested_at_least(conn, subscriptions)
            elapsed = time.perf_counter() - started
        finally:
            await conn.close()
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(15)
        await drop_database(url)
        await delete_topology(
            AMQP_URL, exchange=f"bench.{run_id}.events", queues=[f"bench.{run_id}.billing.events"]
        )
    per_minute = done / elapsed * 60
    return (
        f"billing scheduler, {REPLICAS} worker replicas ({subscriptions} due subscriptions)",
        f"{per_minute:,.0f} charges requested/min",
        ">= 10,000 charges requested/min",
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(asyncio.run(scheduler_throughput(count)))
