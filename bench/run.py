"""`make bench`: the platform's performance targets, measured on the real processes.

Results go to bench/results.md (never asserted: these machines are shared and noisy).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp

from bench import webhooks as webhooks_bench
from bench.billing_scheduler import scheduler_throughput
from tests.e2e.platform import PORTS, Platform, new_run_id

RESULTS = Path(__file__).parent / "results.md"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
DURATION = float(os.environ.get("BENCH_SECONDS", "10"))


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (uvicorn workers)."""
    total = 0.0
    pids = [pid, *_children(pid)]
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_children(child)]
    return found


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


class Bench:
    def __init__(self, platform: Platform, http: aiohttp.ClientSession) -> None:
        self.platform = platform
        self.http = http
        self.gw = platform.gateway_url
        self.rows: list[tuple[str, str, str]] = []

    async def json(self, method: str, url: str, **kwargs: Any) -> Any:
        async with self.http.request(method, url, **kwargs) as response:
            body = await response.json(content_type=None)
            if response.status >= 400:
                raise RuntimeError(f"{method} {url}: {response.status} {body}")
            return body

    async def user(self, role: str = "buyer") -> dict[str, str]:
        name = f"bench{uuid.uuid4().hex[:8]}"
        body = {"email": f"{name}@example.com", "username": name, "password": "bench-pass-123"}
        await self.json("POST", f"{self.gw}/api/auth/register", json={**body, "role": role})
        pair = await self.json("POST", f"{self.gw}/api/auth/token", json=body)
        return {"Authorization": f"Bearer {pair['access_token']}"}

    async def payments_throughput(self) -> None:
        buyer = await self.user()
        card = await self.json(
            "POST",
            f"{self.gw}/api/payments/methods",
            headers=buyer,
            json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"},
        )
        body = {"amount": 1999, "currency": "USD", "payment_method_id": card["id"]}
        done = 0
        errors = 0
        deadline = time.monotonic() + DURATION

        async def client() -> None:
            nonlocal done, errors
            while time.monotonic() < deadline:
                headers = {**buyer, "Idempotency-Key": uuid.uuid4().hex}
                async with self.http.post(
                    f"{self.gw}/api/payments", json=body, headers=headers
                ) as response:
                    await response.read()
                    if response.status == 202:
                        done += 1
                    else:
                        errors += 1

        started = time.monotonic()
        await asyncio.gather(*(client() for _ in range(64)))
        rate = done / (time.monotonic() - started)
        self.rows.append(
            (
                "POST /api/payments via gateway (2 api workers)",
                f"{rate:.0f} req/s",
                f">= 690 req/s ({errors} non-202)",
            )
        )

    async def gateway_overhead(self, requests: int = 2000) -> None:
        seller = await self.user("seller")
        product = await self.json(
            "POST",
            f"{self.gw}/api/catalog/products",
            headers=seller,
            json={"name": f"bench {uuid.uuid4().hex}", "price": 100, "currency": "USD", "stock": 5},
        )
        direct = f"http://127.0.0.1:{PORTS['catalog']}/products/{product['id']}"
        via = f"{self.gw}/api/catalog/products/{product['id']}"
        latencies: dict[str, list[float]] = {}
        gateway_pid = self.platform.processes["gateway"].pid
        cpu_before = 0.0
        for name, url in (("direct", direct), ("gateway", via)):
            if name == "gateway":
                cpu_before = _cpu_seconds(gateway_pid)
            samples = []
            for _ in range(requests):
                started = time.perf_counter()
                async with self.http.get(url) as response:
                    await response.read()
                samples.append(time.perf_counter() - started)
            latencies[name] = samples
        cpu = (_cpu_seconds(gateway_pid) - cpu_before) / requests
        added_p50 = statistics.median(latencies["gateway"]) - statistics.median(latencies["direct"])
        self.rows.append(("gateway CPU per proxied request", f"{cpu * 1000:.3f} ms", "<= 0.3 ms"))
        self.rows.append(("gateway added p50 latency", f"{added_p50 * 1000:.3f} ms", "<= 0.5 ms"))

    async def saga(self, sequential: int = 100, burst: int = 400) -> None:
        seller = await self.user("seller")
        buyer = await self.user()
        product = await self.json(
            "POST",
            f"{self.gw}/api/catalog/products",
            headers=seller,
            json={
                "name": f"saga {uuid.uuid4().hex}",
                "price": 250,
                "currency": "USD",
                "stock": 1_000_000,
            },
        )
        await asyncio.sleep(1.0)  # the orders read model learns about the product
        order_body = {
            "items": [{"product_id": product["id"], "quantity": 1}],
            "shipping_address": {
                "name": "B",
                "line1": "1 Road",
                "city": "Town",
                "postal_code": "12345",
                "country": "US",
            },
        }

        async def place_and_wait() -> float:
            started = time.perf_counter()
            order = await self.json("POST", f"{self.gw}/api/orders", headers=buyer, json=order_body)
            while True:
                current = await self.json(
                    "GET", f"{self.gw}/api/orders/{order['id']}", headers=buyer
                )
                if current["status"] != "pending":
                    return time.perf_counter() - started
                await asyncio.sleep(0.002)

        latencies = [await place_and_wait() for _ in range(sequential)]
        self.rows.append(
            (
                "order placed -> awaiting_payment p99 (idle)",
                f"{_percentile(latencies, 99) * 1000:.1f} ms",
                f"< 100 ms (p50 {statistics.median(latencies) * 1000:.1f} ms)",
            )
        )
        semaphore = asyncio.Semaphore(32)

        async def place() -> None:
            async with semaphore:
                await self.json("POST", f"{self.gw}/api/orders", headers=buyer, json=order_body)

        started = time.perf_counter()
        await asyncio.gather(*(place() for _ in range(burst)))
        while True:  # one poller: the buyer's pending orders, until the saga has answered all
            pending = await self.json(
                "GET", f"{self.gw}/api/orders?status=pending&limit=1", headers=buyer
            )
            if not pending["items"]:
                break
            await asyncio.sleep(0.02)
        rate = burst / (time.perf_counter() - started)
        self.rows.append(
            ("orders placed and reserved, sustained", f"{rate:.0f} orders/s", ">= 200 orders/s")
        )


async def relay_throughput(events: int = 20_000) -> tuple[str, str, str]:
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
    return (
        "outbox relay publish rate (confirms batched)",
        f"{rate:.0f} events/s",
        ">= 4,600 events/s",
    )


async def main() -> None:
    import sys

    sys.path.insert(0, "libs/common/tests")
    relay_row = await relay_throughput()
    scheduler_row = await scheduler_throughput()
    webhook_rows = await webhooks_bench.run()
    platform = Platform(run_id=new_run_id(), smtp_port=1025)
    await platform.prepare_databases()
    platform.start(
        extra_env={
            "PAYMENTS_WORKERS": "2",
            "GATEWAY_ACCESS_LOG": "false",
            "PAYMENTS_ACCESS_LOG": "false",
            "CATALOG_ACCESS_LOG": "false",
            "ORDERS_ACCESS_LOG": "false",
        }
    )
    try:
        await asyncio.to_thread(platform.wait_ready)
        connector = aiohttp.TCPConnector(limit=200)
        async with aiohttp.ClientSession(connector=connector) as http:
            bench = Bench(platform, http)
            await bench.gateway_overhead()
            await bench.saga()
            await bench.payments_throughput()
    finally:
        platform.stop()
        await platform.drop_databases()
    rows = [relay_row, scheduler_row, *webhook_rows, *bench.rows]
    lines = [
        f"# Benchmark results ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores)",
        "",
        "Load generator, databases, broker and services share the same cores.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
