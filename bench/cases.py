"""The cases of `make bench` against a running platform: each drives it with wrk (or a
paced client) and reads every process's CPU before and after (bench/cpu.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import asyncpg

from bench.cpu import CpuMeter, descendants, pids_named
from bench.report import CONNECTIONS, Row, top
from bench.wrk import EACH_ID, FRESH_KEYS, WrkResult, run_wrk
from common import registry
from tests.e2e.platform import PORTS, Platform

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
PG_DSN = "postgresql://postgres@127.0.0.1:5432"
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
PAID_ORDERS = int(os.environ.get("BENCH_PAID_ORDERS", "1500"))


@dataclass
class Bench:
    platform: Platform
    http: aiohttp.ClientSession
    rows: list[Row] = field(default_factory=list)
    breakdowns: list[tuple[str, dict[str, float], int]] = field(default_factory=list)
    pg_pids: list[int] = field(default_factory=list)
    monitor: asyncpg.Connection | None = None

    @property
    def gw(self) -> str:
        return self.platform.gateway_url

    def meter(self) -> CpuMeter:
        groups: dict[str, Any] = {
            name: (lambda pid=process.pid: [pid, *descendants(pid)])
            for name, process in self.platform.processes.items()
        }
        groups["postgresql"] = lambda: list(self.pg_pids)
        groups["rabbitmq (shared)"] = lambda: pids_named("beam.smp")
        groups["redis (shared)"] = lambda: pids_named("redis-server")
        return CpuMeter(groups)

    async def refresh_pg_pids(self) -> None:
        names = [
            self.platform.database_url(service.prefix).rsplit("/", 1)[1]
            for service in registry.SERVICES
        ]
        if self.monitor is None:  # kept open: a busy server may refuse new clients mid-run
            self.monitor = await asyncpg.connect(f"{PG_DSN}/postgres")
        rows = await self.monitor.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])", names
        )
        self.pg_pids = sorted({*self.pg_pids, *(row["pid"] for row in rows)})

    async def measured(self, meter: CpuMeter) -> None:
        await self.refresh_pg_pids()
        meter.start()

    async def used(self, meter: CpuMeter) -> dict[str, float]:
        await self.refresh_pg_pids()
        return meter.stop()

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

    async def database(self, prefix: str) -> asyncpg.Connection:
        url = self.platform.database_url(prefix).replace("postgresql+asyncpg", "postgresql")
        return await asyncpg.connect(url)

    # -- the request path ------------------------------------------------------------------

    async def gateway_overhead(self, product_id: str) -> None:
        direct = f"http://127.0.0.1:{PORTS['catalog']}/products/{product_id}"
        via = f"{self.gw}/api/catalog/products/{product_id}"
        meter = self.meter()
        plain = await run_wrk(direct, seconds=SECONDS / 2)
        await self.measured(meter)
        proxied = await run_wrk(via, seconds=SECONDS / 2)
        cpu = await self.used(meter)
        per_request = cpu["gateway"] / proxied.requests * 1000
        self.rows.append(
            Row(
                "gateway",
                "gateway CPU per proxied request; added p50 at one connection",
                f"{per_request:.2f} ms; +{proxied.p50_ms - plain.p50_ms:.2f} ms "
                f"(GET product: {proxied.p50_ms:.2f} ms via, {plain.p50_ms:.2f} ms direct)",
                "<= 0.3 ms; <= 0.5 ms",
            )
        )

    async def me(self, buyer: dict[str, str]) -> None:
        via = await run_wrk(f"{self.gw}/api/auth/me", seconds=SECONDS / 2, headers=buyer)
        direct = await run_wrk(
            f"http://127.0.0.1:{PORTS['auth']}/me", seconds=SECONDS / 2, headers=buyer
        )
        health = await run_wrk(f"http://127.0.0.1:{PORTS['auth']}/healthz", seconds=SECONDS / 4)
        self.rows.append(
            Row(
                "me",
                "`GET /api/auth/me` through the gateway, one connection",
                f"p50 {via.p50_ms:.2f} ms (direct to auth {direct.p50_ms:.2f} ms; "
                f"/healthz direct {health.p50_ms:.2f} ms)",
                "p50 <= 1.5 ms",
            )
        )

    # -- the order saga --------------------------------------------------------------------

    async def saga_latency(self, buyer: dict[str, str], order_body: dict[str, Any]) -> None:
        """One order at a time: from the POST until the order left ``pending`` (the POST's own
        answer time is reported beside it: the rest is the events' round trip)."""
        orders_db = await self.database("ORDERS")
        latencies: list[float] = []
        answered_in: list[float] = []
        try:
            for _ in range(100):
                started = time.perf_counter()
                order = await self.json(
                    "POST", f"{self.gw}/api/orders", headers=buyer, json=order_body
                )
                answered_in.append((time.perf_counter() - started) * 1000)
                order_id = uuid.UUID(order["id"])

                async def answered(order_id: uuid.UUID = order_id) -> bool:
                    status = await orders_db.fetchval(
                        'SELECT status FROM "order" WHERE id = $1', order_id
                    )
                    return bool(status != "pending")

                await _wait_until(answered, interval=0.001)
                latencies.append((time.perf_counter() - started) * 1000)
        finally:
            await orders_db.close()
        self.rows.append(
            Row(
                "saga",
                "order placed -> `awaiting_payment`, idle",
                f"p50 {statistics.median(latencies):.0f} ms, "
                f"p99 {_percentile(latencies, 99):.0f} ms "
                f"(the POST answered in p50 {statistics.median(answered_in):.0f} ms)",
                "p50 <= 20 ms, p99 < 100 ms",
            )
        )

    async def orders_sustained(self, buyer: dict[str, str], order_body: dict[str, Any]) -> None:
        """wrk places orders for a while; the rate counts them until the last one is reserved."""
        orders_db = await self.database("ORDERS")
        meter = self.meter()
        try:
            await self.measured(meter)
            started = time.perf_counter()
            placed = await run_wrk(
                f"{self.gw}/api/orders",
                seconds=SECONDS,
                connections=CONNECTIONS,
                threads=2,
                method="POST",
                headers={**buyer, "Content-Type": "application/json"},
                body=_dumps(order_body),
            )

            async def none_pending() -> bool:
                return not await orders_db.fetchval(
                    "SELECT count(*) FROM \"order\" WHERE status = 'pending'"
                )

            await _wait_until(none_pending, interval=0.05)
            elapsed = time.perf_counter() - started
            cpu = await self.used(meter)
        finally:
            await orders_db.close()
        created = placed.requests - placed.non2xx
        self.breakdowns.append(("order placed and reserved", cpu, created))
        self.rows.append(
            Row(
                "orders",
                "orders placed and reserved, sustained",
                f"{created / elapsed:.0f}/s ({created} orders; {placed.non2xx} non-2xx; "
                f"{sum(cpu.values()) / max(created, 1) * 1000:.1f} ms CPU per order)",
                ">= 200/s",
            )
        )

    # -- payments --------------------------------------------------------------------------

    async def card(self, buyer: dict[str, str]) -> str:
        card = await self.json(
            "POST",
            f"{self.gw}/api/payments/methods",
            headers=buyer,
            json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"},
        )
        return str(card["id"])

    async def paid_orders(self, buyer: dict[str, str], card_id: str, total: int) -> None:
        """POST one payment per awaiting order with wrk; CPU and time until every order is paid."""
        orders_db = await self.database("ORDERS")
        payments_db = await self.database("PAYMENTS")
        try:
            ids = [
                str(row["id"])
                for row in await orders_db.fetch(
                    "SELECT id FROM \"order\" WHERE status = 'awaiting_payment' LIMIT $1",
                    PAID_ORDERS,
                )
            ]
            uuids = [uuid.UUID(i) for i in ids]

            async def payable() -> bool:  # the payments read model has every order
                count = await payments_db.fetchval(
                    'SELECT count(*) FROM "order" WHERE id = ANY($1::uuid[])', uuids
                )
                return bool(count >= len(ids))

            accepted = [len(ids)]  # POSTs that made a payment (a refused one made none)

            async def all_paid() -> bool:
                count = await orders_db.fetchval(
                    'SELECT count(*) FROM "order" WHERE id = ANY($1::uuid[]) AND status = $2',
                    uuids,
                    "paid",
                )
                return bool(count >= accepted[0])

            await _wait_until(payable, interval=0.1)
            with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as ids_file:
                ids_file.write("\n".join(ids) + "\n")
            body = _dumps(
                {
                    "amount": total,
                    "currency": "USD",
                    "payment_method_id": card_id,
                    "order_id": "__ID__",
                }
            )
            meter = self.meter()

            progress = {"count": -1, "at": time.monotonic()}

            async def all_posted() -> bool:
                """Every order has its payment, or none was added for 3 s (the rest refused)."""
                count = await payments_db.fetchval(
                    "SELECT count(*) FROM payment WHERE order_id = ANY($1::uuid[])", uuids
                )
                if count != progress["count"]:
                    progress.update(count=count, at=time.monotonic())
                return bool(count >= len(ids) or time.monotonic() - progress["at"] > 3.0)

            await self.measured(meter)
            started = time.perf_counter()
            posted = await run_wrk(
                f"{self.gw}/api/payments",
                seconds=120,
                connections=CONNECTIONS,
                threads=2,
                method="POST",
                headers={**buyer, "Content-Type": "application/json"},
                script=EACH_ID,
                variables={"ids_file": ids_file.name, "body_template": body},
                stop_when=all_posted,
            )
            posted_in = time.perf_counter() - started
            accepted[0] = await payments_db.fetchval(
                "SELECT count(*) FROM payment WHERE order_id = ANY($1::uuid[])", uuids
            )
            await _wait_until(all_paid, interval=0.05, within=180)
            elapsed = time.perf_counter() - started
            cpu = await self.used(meter)
            paid = await orders_db.fetchval(
                "SELECT count(*) FROM \"order\" WHERE id = ANY($1::uuid[]) AND status = 'paid'",
                uuids,
            )
            os.unlink(ids_file.name)
            unpaid = await orders_db.fetch(
                "SELECT id, status FROM \"order\" WHERE id = ANY($1::uuid[]) AND status <> 'paid'",
                uuids,
            )
            for row in unpaid[:5]:
                payment = await payments_db.fetchrow(
                    "SELECT status, attempts, last_error FROM payment WHERE order_id = $1",
                    row["id"],
                )
                print(f"unpaid order {row['id']} ({row['status']}): payment {dict(payment or {})}")
        finally:
            await orders_db.close()
            await payments_db.close()
        self.breakdowns.append(("card payment for an order, POST to order paid", cpu, paid))
        self.rows.append(
            Row(
                "settled",
                "card payments settled end to end, sustained (POST -> acquirer -> order paid)",
                f"{paid / elapsed:.0f}/s ({paid} of {len(ids)} orders paid in {elapsed:.1f} s; "
                f"POSTs answered at {accepted[0] / posted_in:.0f}/s, {posted.non2xx} non-2xx)",
                ">= 200/s",
            )
        )
        self.rows.append(
            Row(
                "cpu_per_payment",
                "CPU per card payment, POST to order paid, all processes",
                f"{sum(cpu.values()) / max(paid, 1) * 1000:.1f} ms ({top(cpu, paid)})",
                "<= 8 ms",
            )
        )

    async def post_throughput(self, buyer: dict[str, str], card_id: str, *, paused: bool) -> None:
        """wrk POSTs order-less card payments, each with a fresh Idempotency-Key."""
        worker = self.platform.processes["payments-worker"]
        meter = self.meter()
        if paused:
            os.killpg(worker.pid, signal.SIGSTOP)
        try:
            await self.measured(meter)
            result: WrkResult = await run_wrk(
                f"{self.gw}/api/payments",
                seconds=SECONDS,
                connections=CONNECTIONS,
                threads=2,
                method="POST",
                headers={**buyer, "Content-Type": "application/json"},
                body=_dumps({"amount": 1999, "currency": "USD", "payment_method_id": card_id}),
                script=FRESH_KEYS,
                variables={"key_prefix": uuid.uuid4().hex},
            )
            cpu = await self.used(meter)
        finally:
            if paused:
                os.killpg(worker.pid, signal.SIGCONT)
        accepted = result.requests - result.non2xx
        detail = f"p50 {result.p50_ms:.1f} ms, {result.non2xx} non-2xx"
        if paused:
            self.breakdowns.append(("POST /api/payments, worker paused", cpu, accepted))
            self.rows.append(
                Row(
                    "post_paused",
                    "the same with the payments worker paused",
                    f"{result.rate:.0f} req/s ({detail})",
                    ">= 600 req/s",
                )
            )
            per_post = cpu["payments-api"] / max(accepted, 1) * 1000
            self.rows.append(
                Row(
                    "payments_api_per_post",
                    "payments api CPU per POST",
                    f"{per_post:.2f} ms (gateway {cpu['gateway'] / max(accepted, 1) * 1000:.2f}"
                    f" ms, PostgreSQL {cpu['postgresql'] / max(accepted, 1) * 1000:.2f} ms)",
                    "<= 1.5 ms",
                )
            )
        else:
            self.breakdowns.append(("POST /api/payments, whole pipeline running", cpu, accepted))
            self.rows.append(
                Row(
                    "post_pipeline",
                    "`POST /api/payments` through the gateway, whole pipeline running",
                    f"{result.rate:.0f} req/s ({detail})",
                    ">= 400 req/s",
                )
            )


async def _wait_until(
    check: Callable[[], Awaitable[bool]], *, interval: float, within: float = 600.0
) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(interval)
    return False


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def platform_env() -> dict[str, str]:
    """As production runs: no access log lines, payments with 2 api workers, the production
    poll intervals (the e2e platform shortens them to keep tests quick)."""
    env = {"PAYMENTS_WORKERS": "2", "AUTH_EMAIL_POLL_SECONDS": "2.0"}
    for prefix in ("GATEWAY", *(service.prefix for service in registry.SERVICES)):
        env[f"{prefix}_ACCESS_LOG"] = "false"
        env[f"{prefix}_RELAY_POLL_SECONDS"] = "1.0"
    return env


async def run_cases(bench: Bench) -> None:
    seller = await bench.user("seller")
    buyer = await bench.user()
    product = await bench.json(
        "POST",
        f"{bench.gw}/api/catalog/products",
        headers=seller,
        json={"name": f"bench {uuid.uuid4().hex}", "price": 250, "currency": "USD", "stock": 10**8},
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
    only = selected_cases()
    if "gateway" in only:
        await bench.gateway_overhead(product["id"])
    if "me" in only:
        await bench.me(buyer)
    if "saga" in only:
        await bench.saga_latency(buyer, order_body)
    if only & {"orders", "settled"}:  # the settled case pays the orders this one placed
        await bench.orders_sustained(buyer, order_body)
    card_id = await bench.card(buyer)
    if "settled" in only:
        await bench.paid_orders(buyer, card_id, total=250)
    if "post" in only:
        await bench.post_throughput(buyer, card_id, paused=False)
    if "post-paused" in only:
        await bench.post_throughput(buyer, card_id, paused=True)


PLATFORM_CASES = ("gateway", "me", "saga", "orders", "settled", "post", "post-paused")
OTHER_CASES = ("relay", "scheduler", "webhooks", "consumer")


def selected_cases() -> set[str]:
    """``BENCH_CASES=settled,post`` runs only those cases (all of them when unset)."""
    chosen = {name.strip() for name in os.environ.get("BENCH_CASES", "").split(",") if name.strip()}
    unknown = chosen - {*PLATFORM_CASES, *OTHER_CASES}
    if unknown:
        raise SystemExit(
            f"unknown BENCH_CASES {sorted(unknown)}: pick from {PLATFORM_CASES + OTHER_CASES}"
        )
    return chosen or {*PLATFORM_CASES, *OTHER_CASES}
