"""Self-contained fixtures for the sandbox adapter's tests: a REAL sandbox process.

The sandbox runs as its own ``sandbox-provider`` process on a free port, against a fresh
database (created and migrated here, dropped afterwards), posting its callbacks to a small
receiver served on another free port. Nothing here depends on the payments service's own
fixtures.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from common.migrations import drop_database, ensure_database, upgrade_head
from common.settings import POSTGRES_DEFAULT
from common.testing import free_port
from payments.provider.sandbox import SandboxProvider

SANDBOX_DIR = Path(__file__).parents[3] / "sandbox-provider"
API_KEY = "sk_adapter_tests"
WEBHOOK_SECRET = "whsec_adapter_tests"


@dataclass
class CallbackReceiver:
    """Plays the payments callback endpoint: records what arrives, answers 204."""

    url: str
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    async def handle(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.body()))
        return Response(status_code=204)


@dataclass(frozen=True)
class SandboxProcess:
    base_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session")
async def callback_receiver() -> AsyncIterator[CallbackReceiver]:
    port = free_port()
    receiver = CallbackReceiver(url=f"http://127.0.0.1:{port}/providers/sandbox/callback")
    app = Starlette(
        routes=[Route("/providers/sandbox/callback", receiver.handle, methods=["POST"])]
    )
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the callback receiver did not start")
        await asyncio.sleep(0.01)
    yield receiver
    server.should_exit = True
    await task


@pytest.fixture(scope="session")
async def sandbox_database() -> AsyncIterator[str]:
    url = f"{POSTGRES_DEFAULT}/test_sandbox_adapter_{uuid.uuid4().hex[:8]}"
    await ensure_database(url)
    try:
        await asyncio.to_thread(upgrade_head, SANDBOX_DIR, url)
        yield url
    finally:
        await drop_database(url)


@pytest.fixture(scope="session")
def sandbox_process(
    sandbox_database: str,
    callback_receiver: CallbackReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SandboxProcess]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("sandbox") / "sandbox.log"
    env = {
        **os.environ,
        "SANDBOX_ENVIRONMENT": "test",
        "SANDBOX_PORT": str(port),
        "SANDBOX_DATABASE_URL": sandbox_database,
        "SANDBOX_API_KEY": API_KEY,
        "SANDBOX_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "SANDBOX_CALLBACK_URL": callback_receiver.url,
        "SANDBOX_CALLBACK_RETRY_SECONDS": "[0.1, 0.2]",
        "SANDBOX_DATABASE_POOL_SIZE": "5",
    }
    command = [str(Path(sys.executable).parent / "sandbox-provider")]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    sandbox = SandboxProcess(base_url=f"http://127.0.0.1:{port}", log_path=log_path)
    try:
        _wait_until_healthy(process, sandbox)
        yield sandbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(process: subprocess.Popen[bytes], sandbox: SandboxProcess) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with {process.returncode}:\n{sandbox.log()}")
        try:
            if httpx.get(f"{sandbox.base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the sandbox did not become healthy:\n{sandbox.log()}")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
async def sandbox(
    sandbox_process: SandboxProcess, http: httpx.AsyncClient
) -> AsyncIterator[SandboxProcess]:
    """The running sandbox, with its fault controls reset after each test."""
    yield sandbox_process
    response = await http.delete(
        f"{sandbox_process.base_url}/v1/test/behaviour",
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    response.raise_for_status()


@pytest.fixture
def provider(sandbox: SandboxProcess, http: httpx.AsyncClient) -> SandboxProvider:
    return SandboxProvider(
        http,
        base_url=sandbox.base_url,
        api_key=API_KEY,
        webhook_secret=WEBHOOK_SECRET,
        timeout=2.0,
    )
