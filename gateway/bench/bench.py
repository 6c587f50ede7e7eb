"""What the gateway adds per request: direct calls to a service vs the same calls through it.

    uv run python gateway/bench/bench.py [--requests 4000] [--concurrency 32]

Starts a minimal raw-ASGI upstream and the real gateway (``gateway.main:create_app``, one
uvicorn worker, default settings but every service URL and the JWKS pointing at the upstream)
as separate processes, then for each scenario runs the same requests directly and through the
gateway: one at a time (latency) and ``--concurrency`` at a time (throughput). The gateway's
CPU is read from /proc before and after each run, Redis's from ``INFO cpu`` (the revocation
lookup). Results go to ``gateway/bench/results.md``. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from own_code import own_code_microseconds
from redis import Redis

from common import registry
from common.testing import TokenFactory

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Scenario:
    name: str
    method: str
    direct_path: str
    gateway_path: str
    authenticated: bool
    body: bytes | None = None


SCENARIOS = [
    Scenario("GET, access token", "GET", "/orders/42", "/api/orders/orders/42", True),
    Scenario("GET, public (no token)", "GET", "/products", "/api/catalog/products", False),
    Scenario(
        "POST 1 KiB JSON, access token",
        "POST",
        "/payments",
        "/api/payments/payments",
        True,
        json.dumps({"note": "x" * 1000}).encode(),
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _redis_cpu(redis: Redis) -> float:
    info = redis.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


@contextlib.contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        args, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def _wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{url} exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def _one(
    http: aiohttp.ClientSession, method: str, url: str, headers: dict[str, str], body: bytes | None
) -> float:
    started = time.perf_counter()
    async with http.request(method, url, headers=headers, data=body) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {url} -> {response.status}: {await response.text()}")
    return time.perf_counter() - started


async def _sequential(
    http: aiohttp.ClientSession, s: Scenario, url: str, headers: dict[str, str], n: int
) -> list[float]:
    return [await _one(http, s.method, url, headers, s.body) for _ in range(n)]


async def _concurrent(
    http: aiohttp.ClientSession, s: Scenario, url: str, headers: dict[str, str], n: int, c: int
) -> float:
    remaining = n

    async def lane() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await _one(http, s.method, url, headers, s.body)

    started = time.perf_counter()
    await asyncio.gather(*(lane() for _ in range(c)))
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


async def _measure(
    args: argparse.Namespace,
    upstream: tuple[str, int],
    gateway: tuple[str, int],
    tokens: TokenFactory,
    redis: Redis,
) -> list[str]:
    (up_url, up_pid), (gw_url, gw_pid) = upstream, gateway
    n, c = args.requests, args.concurrency
    rows = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=c)) as http:
        for s in SCENARIOS:
            headers = {"Content-Type": "application/json"} if s.body else {}
            if s.authenticated:
                headers["Authorization"] = f"Bearer {tokens.token()}"
            direct, through = up_url + s.direct_path, gw_url + s.gateway_path
            for url in (direct, through):  # warm both paths (pools, token cache, JWKS)
                await _sequential(http, s, url, headers, 200)
            cpu0 = _cpu_seconds(up_pid)
            lat_direct = await _sequential(http, s, direct, headers, n)
            up_cpu = (_cpu_seconds(up_pid) - cpu0) / n
            cpu0, rcpu0 = _cpu_seconds(gw_pid), _redis_cpu(redis)
            lat_gateway = await _sequential(http, s, through, headers, n)
            cpu_seq = (_cpu_seconds(gw_pid) - cpu0) / n
            redis_seq = (_redis_cpu(redis) - rcpu0) / n
            t_direct = await _concurrent(http, s, direct, headers, n, c)
            cpu0 = _cpu_seconds(gw_pid)
            t_gateway = await _concurrent(http, s, through, headers, n, c)
            cpu_conc = (_cpu_seconds(gw_pid) - cpu0) / n
            p50d, p50g = statistics.median(lat_direct), statistics.median(lat_gateway)
            p99d = statistics.quantiles(lat_direct, n=100)[98]
            p99g = statistics.quantiles(lat_gateway, n=100)[98]
            rows.append(
                f"| {s.name} | {_ms(p50d)} | {_ms(p50g)} | **{_ms(p50g - p50d)}** | "
                f"{_ms(p99d)} | {_ms(p99g)} | {_ms(up_cpu)} | "
                f"**{_ms(cpu_seq)}** / **{_ms(cpu_conc)}** | {_ms(redis_seq)} | "
                f"{n / t_direct:.0f} | {n / t_gateway:.0f} |"
            )
            print(rows[-1], flush=True)
    return rows


HEADER = [
    "# Gateway overhead: direct calls vs the same calls through the gateway",
    "",
    "Written by `gateway/bench/bench.py` (each run appends a table). Times in ms. *p50/p99*: one "
    "request at a time. *upstream CPU*: the raw-ASGI upstream's CPU per direct request (what a "
    "bare uvicorn app costs here). *gateway CPU*: the gateway process's CPU per request, one at "
    "a time and with `--concurrency` in flight. *Redis CPU*: the revocation lookups' cost in the "
    "Redis server. *req/s*: with `--concurrency` in flight, the load generator sharing the cores.",
    "",
]
UVICORN = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--no-access-log"]


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--access-log", choices=["true", "false"], default="true")
    parser.add_argument("--revocation-cache", type=float, default=1.0, help="seconds")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    tokens = TokenFactory()
    up_port, gw_port = _free_port(), _free_port()
    up_url, gw_url = f"http://127.0.0.1:{up_port}", f"http://127.0.0.1:{gw_port}"
    redis = Redis.from_url(os.environ.get("GATEWAY_REDIS_URL", "redis://127.0.0.1:6379/0"))
    services = [name.upper() for name in registry.routed()]
    gateway_env = {f"GATEWAY_{name}_URL": up_url for name in services} | {
        "GATEWAY_PORT": str(gw_port),
        "GATEWAY_JWKS_URL": f"{up_url}/.well-known/jwks.json",
        "GATEWAY_ACCESS_LOG": args.access_log,
        "GATEWAY_REVOCATION_CACHE_SECONDS": str(args.revocation_cache),
        # High enough never to trip, so the buckets still run on every request.
        "GATEWAY_RATE_LIMIT_PER_MINUTE": "1000000000",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json") as jwks:
        json.dump(tokens.jwks(), jwks)
        jwks.flush()
        upstream_cmd = [*UVICORN, "--port", str(up_port), "--app-dir", str(HERE), "upstream:app"]
        gateway_cmd = [sys.executable, "-c", "from gateway.main import run; run()"]
        with (
            _process(upstream_cmd, {"BENCH_JWKS_FILE": jwks.name}) as up,
            _process(gateway_cmd, gateway_env) as gw,
        ):
            await _wait_ready(f"{up_url}/healthz", up)
            await _wait_ready(f"{gw_url}/healthz", gw)
            load_before = os.getloadavg()[0]
            rows = await _measure(args, (up_url, up.pid), (gw_url, gw.pid), tokens, redis)
            load_after = os.getloadavg()[0]
    own = (
        await own_code_microseconds(access_log=False),
        await own_code_microseconds(access_log=True),
    )
    _write(args, rows, (load_before, load_after), own)


def _write(
    args: argparse.Namespace,
    rows: list[str],
    load: tuple[float, float],
    own: tuple[float, float],
) -> None:
    command = (
        f"uv run python gateway/bench/bench.py --requests {args.requests} "
        f"--concurrency {args.concurrency} --access-log {args.access_log} "
        f"--revocation-cache {args.revocation_cache}"
    )
    lines = [
        f"`{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load generator, upstream, gateway and Redis share the "
        "cores; the gateway is one uvicorn worker started by `gateway.main.run`; 1-minute load "
        f"average {load[0]:.1f} before, {load[1]:.1f} after).",
        "",
        "| scenario | p50 direct | p50 via gateway | p50 added | p99 direct | p99 via gateway "
        "| upstream CPU / req | gateway CPU / req (c=1 / c=N) | Redis CPU / req "
        "| req/s direct (c=N) | req/s via gateway (c=N) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"The gateway's own code per request (no I/O, `own_code.py`): {own[0]:.0f} µs, "
        f"{own[1]:.0f} µs with the access-log line.",
        "",
    ]
    if not args.output.exists():
        lines = [*HEADER, *lines]
    with args.output.open("a") as out:
        out.write("\n".join(lines) + "\n")
    print(f"appended to {args.output}")


if __name__ == "__main__":
    asyncio.run(main())
