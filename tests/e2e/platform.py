"""Starts the platform's real processes, as `make run` does, on private ports and databases."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from common import registry
from common.messaging.topology import delete_topology
from common.migrations import drop_database, ensure_database, upgrade_head

ROOT = Path(__file__).resolve().parents[2]
# Parallel checkouts (or CI beside a developer) pick their own range with E2E_BASE_PORT.
BASE_PORT = int(os.environ.get("E2E_BASE_PORT", "18000"))
# Each service keeps its offset from the gateway's port (payments 8004 -> BASE_PORT + 4).
PORTS = {"gateway": BASE_PORT} | {
    s.name: BASE_PORT + s.port - registry.GATEWAY_PORT for s in registry.SERVICES
}
MIGRATED = {s.prefix: s.directory for s in registry.SERVICES}
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
AMQP = "amqp://guest:guest@127.0.0.1:5672/"


@dataclass
class Platform:
    run_id: str
    smtp_port: int
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _process_of: dict[str, str] = field(default_factory=dict)
    log_dir: Path = ROOT / "var" / "e2e"
    postgres: str = POSTGRES
    amqp_url: str = AMQP

    @property
    def trace_file(self) -> Path:
        """Where every process appends its finished spans when started with SHOP_TRACE_FILE."""
        return self.log_dir / f"spans-{self.run_id}.jsonl"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{PORTS['gateway']}"

    def database_url(self, prefix: str) -> str:
        return f"{self.postgres}/e2e_{prefix.lower()}_{self.run_id}"

    def build_env(self) -> dict[str, str]:
        exchange = f"e2e.{self.run_id}.events"
        url = {name: f"http://127.0.0.1:{port}" for name, port in PORTS.items()}
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for prefix in [*MIGRATED, "GATEWAY"]:
            env |= {
                f"{prefix}_ENVIRONMENT": "test",
                f"{prefix}_EVENTS_EXCHANGE": exchange,
                f"{prefix}_QUEUE_PREFIX": f"e2e.{self.run_id}.",
                f"{prefix}_JWKS_URL": f"{url['auth']}/.well-known/jwks.json",
                f"{prefix}_RELAY_POLL_SECONDS": "0.2",
                f"{prefix}_AMQP_URL": self.amqp_url,
            }
        for prefix in MIGRATED:
            env[f"{prefix}_DATABASE_URL"] = self.database_url(prefix)
        for entry in registry.SERVICES:
            env[f"{entry.prefix}_PORT"] = str(PORTS[entry.name])
        env["GATEWAY_PORT"] = str(PORTS["gateway"])
        for name in registry.routed():
            env[f"GATEWAY_{name.upper()}_URL"] = url[name]
        env |= {
            "AUTH_SMTP_PORT": str(self.smtp_port),
            "AUTH_ARGON2_TIME_COST": "1",
            "AUTH_ARGON2_MEMORY_COST": "8192",
            "AUTH_EMAIL_POLL_SECONDS": "0.2",
            "AUTH_CODE_RESEND_SECONDS": "0",
            "AUTH_REDIS_PREFIX": f"e2e:{self.run_id}:auth:",
            "PAYMENTS_REDIS_PREFIX": f"e2e:{self.run_id}:payments:",
            "AUTH_LOGIN_IP_MAX_FAILURES": "1000000",
            "GATEWAY_LOGIN_RATE_LIMIT_PER_MINUTE": "100000",
            "GATEWAY_RATE_LIMIT_PER_MINUTE": "1000000",
            "GATEWAY_OPS_PORT": str(BASE_PORT + 9),
            "ORDERS_CATALOG_URL": url["catalog"],
            "PAYMENTS_PROVIDER_URL": url["sandbox"],
            "BILLING_PAYMENTS_URL": url["payments"],
            "PAYMENTS_PROCESSING_TIMEOUT_SECONDS": "3",
            "PAYMENTS_PROVIDER_TIMEOUT": "2",
            "PAYMENTS_PUBLIC_BASE_URL": self.gateway_url,
            "SANDBOX_CALLBACK_URL": f"{url['payments']}/providers/sandbox/callback",
        }
        return env

    async def prepare_databases(self) -> None:
        for prefix, directory in MIGRATED.items():
            url = self.database_url(prefix)
            await drop_database(url)
            await ensure_database(url)
            await asyncio.to_thread(upgrade_head, ROOT / directory, url)

    async def drop_databases(self) -> None:
        for prefix in MIGRATED:
            await drop_database(self.database_url(prefix))
        await delete_topology(
            self.amqp_url,
            exchange=f"e2e.{self.run_id}.events",
            queues=[f"e2e.{self.run_id}.{s.queue}" for s in registry.SERVICES],
        )

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        self.env = self.build_env() | (extra_env or {})
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name, command in _procfile():
            if name == "mail":
                continue  # the test's own SMTP server collects the mail
            log = (self.log_dir / f"{name}.log").open("wb")
            self.processes[name] = subprocess.Popen(
                shlex.split(command),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        pending = {name: f"http://127.0.0.1:{port}/healthz" for name, port in PORTS.items()}
        while pending and time.monotonic() < deadline:
            for name, url in list(pending.items()):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(url, timeout=1).status_code == 200:
                        del pending[name]
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited early; see {self.log_dir / name}.log")
            time.sleep(0.3)
        if pending:
            raise RuntimeError(f"not ready after {timeout}s: {sorted(pending)}")
        asyncio.run(self._wait_for_queues(deadline))

    async def _wait_for_queues(self, deadline: float) -> None:
        """Workers consume from their queues before the first event is published: an event
        sent before a queue is bound would go to the unrouted queue instead."""
        import aio_pika

        connection = await aio_pika.connect(self.amqp_url)
        async with connection:
            for entry in [s for s in registry.SERVICES if s.consumes]:
                queue = f"e2e.{self.run_id}.{entry.queue}"
                while True:
                    channel = await connection.channel()
                    try:
                        await channel.declare_queue(queue, passive=True)
                        break
                    except aio_pika.exceptions.ChannelClosed:
                        if time.monotonic() > deadline:
                            raise RuntimeError(f"{queue} was never declared") from None
                        await asyncio.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def restart(self, name: str) -> None:
        """Kill one process hard (SIGKILL, as a crash) and start it again."""
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(10)
        self.spawn(name, self._process_of.get(name, name))

    def spawn(self, name: str, process: str) -> None:
        """Start (another replica of) a Procfile ``process`` under ``name``."""
        self._process_of[name] = process
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            shlex.split(dict(_procfile())[process]),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        """Stop a replica started with :meth:`spawn` (SIGTERM, then SIGKILL)."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _procfile() -> Iterator[tuple[str, str]]:
    for line in registry.procfile().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            yield name.strip(), command.strip()


def new_run_id() -> str:
    return uuid.uuid4().hex[:8]
