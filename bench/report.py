"""bench/results.md: each measure beside the figures of issue 11, and CPU per unit of work."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

CONNECTIONS = 16  # what seed 002 was measured with

# The figures of issue 11 (2026-12-01), before this round of work.
PREVIOUS = {
    "post_pipeline": "44 req/s",
    "post_paused": "189 req/s",
    "settled": "31/s",
    "cpu_per_payment": "~62 ms",
    "payments_api_per_post": "6.7 ms",
    "gateway": "0.9 ms; +3.7 ms",
    "me": "p50 6.7 ms (direct 2.9 ms; /healthz 0.3 ms)",
    "saga": "p50 87 ms, p99 111 ms",
    "orders": "14-52/s",
    "relay": "5,789 events/s",
    # bench.consumer on the consumer before batching (2,000 queued; 100/s), 2026-12-01
    "consumer": "2.53 ms (49 events/s); 2.53 ms",
}


@dataclass
class Row:
    key: str
    measure: str
    result: str
    target: str


def top(cpu: dict[str, float], units: int, count: int = 6) -> str:
    ranked = sorted(cpu.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {seconds / max(units, 1) * 1000:.1f}" for name, seconds in ranked)


def render(rows: Iterable[Row], breakdowns: list[tuple[str, dict[str, float], int]]) -> str:
    order = list(PREVIOUS)
    ranked = sorted(rows, key=lambda row: order.index(row.key) if row.key in order else 99)
    lines = [
        f"# Benchmark results ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores)",
        "",
        "`make bench` (bench/run.py): the platform started as `make run` starts it (one log file",
        "per process, no access logs, payments with 2 api workers), driven by wrk with",
        f"{CONNECTIONS} connections (one for latencies). CPU is read from each process's",
        "`/proc/<pid>/stat` before and after each case: PostgreSQL's are the backends of the",
        "run's databases; RabbitMQ and Redis are shared with anything else on the machine.",
        "Load generator, databases, broker and services share the same cores, and other",
        "sessions' test suites may run meanwhile: throughput is noisy, CPU per unit is not.",
        "",
        "| measure | before (issue 11) | now | target |",
        "|---|---|---|---|",
        *(
            f"| {r.measure} | {PREVIOUS.get(r.key, '-')} | {r.result} | {r.target} |"
            for r in ranked
        ),
        "",
        "CPU per unit of work, per process (ms):",
        "",
    ]
    for title, cpu, units in breakdowns:
        lines.append(f"- {title} ({units} done): {top(cpu, units, count=len(cpu))}")
    lines.append("")
    return "\n".join(lines)
