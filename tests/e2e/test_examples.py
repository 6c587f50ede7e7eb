"""The README's runnable examples against the real processes: the walkthrough runs twice in a row
(re-runnable), stops at the first failure, and `make seed` is idempotent."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

import pytest

from common.testing.helpers import free_port
from tests.e2e.platform import ROOT, Platform

pytestmark = pytest.mark.e2e


async def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(ROOT / "examples" / script), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


async def test_the_walkthrough_runs_twice(platform: Platform) -> None:
    for _ in range(2):
        done = await run("walkthrough.py", "--gateway", platform.gateway_url)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "walkthrough complete" in done.stdout
        for reached in ("paid", "refunded", "cancelled", "wallet balance", "ledger balanced"):
            assert reached in done.stdout


async def test_the_walkthrough_stops_at_the_first_failure() -> None:
    done = await run("walkthrough.py", "--gateway", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "walkthrough FAILED: POST /api/auth/register" in done.stderr
    assert "is the platform running?" in done.stderr
    assert "walkthrough complete" not in done.stdout


async def test_seed_is_idempotent(platform: Platform) -> None:
    first = await run("seed.py", "--gateway", platform.gateway_url)
    assert first.returncode == 0, first.stdout + first.stderr
    second = await run("seed.py", "--gateway", platform.gateway_url)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "(created)" in first.stdout
    assert "(created)" not in second.stdout
    ids = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    assert len(ids.findall(first.stdout)) == 5 + 3  # products and cards
    assert ids.findall(first.stdout) == ids.findall(second.stdout)  # nothing made twice
    for login in ("demo-seller-lumen", "demo-buyer-ada", "password demo-password-42"):
        assert login in second.stdout
