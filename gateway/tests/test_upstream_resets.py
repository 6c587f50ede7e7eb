"""A 500 in one service never costs another caller's request: a keep-alive connection the
service resets is not reused, and a request it reset unread is sent again (issue 8, item 7).

The service is a separate uvicorn process, as in production: in one event loop the close
would always be seen before the next request and the bug could not show.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from common.testing import free_port

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def crashing_service() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "crashing_service:app"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "critical"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


async def test_another_users_post_after_a_500_succeeds_every_time(
    start_gateway, crashing_service, token_factory
):
    first, second = token_factory.headers(), token_factory.headers()
    async with start_gateway(orders_url=crashing_service, read_timeout_seconds=5) as gateway:
        outcomes = []
        for attempt in range(20):
            poisoned = await gateway.post("/api/orders/crash", json={}, headers=first)
            assert poisoned.status_code == 500
            after = await gateway.post("/api/orders/items", json={"n": attempt}, headers=second)
            outcomes.append((after.status_code, after.json()))
        assert outcomes == [(201, {"n": attempt}) for attempt in range(20)]
        metrics = (await gateway.ops.get("/metrics")).text
        assert "gateway_upstream_retries_total" in metrics
