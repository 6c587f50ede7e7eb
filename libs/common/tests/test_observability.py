"""Logs and metrics of real uvicorn processes: JSON lines only (uvicorn's and the standard
library's included), and counters that add up over several api workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from common.testing import free_port

HERE = Path(__file__).parent


def _sample(metrics: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in metrics.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


class Api:
    def __init__(self, tmp_path: Path, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / "api.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
            "OBSAPP_PORT": str(self.port),
            "OBSAPP_WORKERS": str(workers),
            "OBSAPP_METRICS_DIR": str(tmp_path / "metrics"),
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "obsapp"], env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait(workers)

    def _wait(self, workers: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            log = self.log_path.read_text()
            if log.count("Application startup complete") >= workers:
                return
            time.sleep(0.2)
        raise RuntimeError(f"not started: {self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)

    def lines(self) -> list[str]:
        return [line for line in self.log_path.read_text().splitlines() if line.strip()]


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[Api]:
    api = Api(tmp_path, workers=2)
    yield api
    api.stop()


@pytest.fixture
def one_worker(tmp_path: Path) -> Iterator[Api]:
    api = Api(tmp_path, workers=1)
    yield api
    api.stop()


def test_counters_add_up_over_two_api_workers(two_workers: Api) -> None:
    pids = set()
    for _ in range(120):
        # A new connection each time, so the kernel spreads them over both workers.
        with httpx.Client(base_url=two_workers.url) as client:
            pids.add(client.post("/hits").json()["pid"])
    assert len(pids) == 2, "both workers should have served requests"

    readings = set()
    for _ in range(6):
        with httpx.Client(base_url=two_workers.url) as client:
            metrics = client.get("/metrics").text
        readings.add(
            (
                _sample(metrics, "obsapp_hits_total"),
                _sample(metrics, "http_requests_total", route="/hits", status="200"),
            )
        )
    assert readings == {(120.0, 120.0)}


def test_multiprocess_directory_is_emptied_at_start(tmp_path: Path) -> None:
    stale = tmp_path / "metrics" / "counter_999999.db"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"\0" * 64)
    api = Api(tmp_path, workers=2)
    try:
        assert not stale.exists()
    finally:
        api.stop()


def test_every_log_line_is_json_with_ids(one_worker: Api) -> None:
    with httpx.Client(base_url=one_worker.url) as client:
        assert client.get("/items/7", headers={"X-Request-ID": "req-items-7"}).status_code == 200
        boom = client.get("/boom", headers={"X-Request-ID": "req-boom"})
        assert boom.status_code == 500
    one_worker.stop()
    records = [json.loads(line) for line in one_worker.lines()]  # fails on any plain line
    stdlib = next(r for r in records if r.get("logger") == "thirdparty.lib")
    assert stdlib["event"] == "plain stdlib line for 7"
    assert stdlib["request_id"] == stdlib["correlation_id"] == "req-items-7"
    assert stdlib["level"] == "warning"
    assert stdlib["service"] == "obsapp"
    crash = next(r for r in records if r["event"].startswith("Exception in ASGI application"))
    assert crash["logger"] == "uvicorn.error"
    assert crash["request_id"] == crash["correlation_id"] == "req-boom"
    assert "RuntimeError: boom" in crash["exception"]
    assert any(r.get("logger") == "uvicorn.error" and "startup" in r["event"] for r in records)


async def test_business_counters_count_only_what_commits(sessionmaker) -> None:
    from prometheus_client import Counter
    from sqlalchemy import text

    from common.metrics import after_commit

    counted = Counter("obs_test_commits_total", "after_commit test", ["outcome"])
    async with sessionmaker() as session:
        async with session.begin():
            await session.execute(text("SELECT 1"))
            after_commit(session, counted.labels("committed").inc)
        transaction = await session.begin()
        after_commit(session, counted.labels("rolled_back").inc)
        await transaction.rollback()
        async with session.begin():  # the same session again: counted once more, not twice
            after_commit(session, counted.labels("committed").inc)
    assert counted.labels("committed")._value.get() == 2
    assert counted.labels("rolled_back")._value.get() == 0
