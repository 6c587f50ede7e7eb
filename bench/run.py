"""`make bench`: the platform's performance targets, measured on the real processes.

The platform runs as production runs it (each process logging to its own file, no access
logs, payments with 2 api workers); wrk drives it; each process's CPU is read from
``/proc/<pid>/stat`` before and after each case. Results go to bench/results.md beside the
previous figures (never asserted: these machines are shared and noisy).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from bench import webhooks as webhooks_bench
from bench.billing_scheduler import scheduler_throughput
from bench.cases import OTHER_CASES, PLATFORM_CASES, Bench, platform_env, run_cases, selected_cases
from bench.consumer import consumer_rows
from bench.relay import relay_throughput
from bench.report import Row, render
from bench.wrk import ensure_wrk
from common.testing import free_port
from tests.e2e.platform import Platform, new_run_id

RESULTS = Path(__file__).parent / "results.md"


async def main() -> None:
    import sys

    ensure_wrk()
    sys.path.insert(0, "libs/common/tests")
    only = selected_cases()
    relay_row = await relay_throughput() if "relay" in only else None
    scheduler_row = await scheduler_throughput() if "scheduler" in only else None
    webhook_rows = await webhooks_bench.run() if "webhooks" in only else []
    inbox_rows = await consumer_rows() if "consumer" in only else []
    platform = Platform(run_id=new_run_id(), smtp_port=free_port())
    await platform.prepare_databases()
    platform.start(extra_env=platform_env())
    try:
        await asyncio.to_thread(platform.wait_ready, 180.0)
        connector = aiohttp.TCPConnector(limit=50)
        async with aiohttp.ClientSession(connector=connector) as http:
            bench = Bench(platform, http)
            try:
                await run_cases(bench)
            finally:  # a case that failed leaves the others' figures
                extra = [
                    Row(measure, measure, result, target)
                    for measure, result, target in (
                        *([scheduler_row] if scheduler_row else []),
                        *webhook_rows,
                    )
                ]
                rows = [*([relay_row] if relay_row else []), *extra, *inbox_rows, *bench.rows]
                text = render(rows, bench.breakdowns)
                if only >= {*PLATFORM_CASES, *OTHER_CASES}:  # a partial run only prints
                    RESULTS.write_text(text)
                print(text)
                if bench.monitor is not None:
                    await bench.monitor.close()
    finally:
        platform.stop()
        await platform.drop_databases()


if __name__ == "__main__":
    asyncio.run(main())
