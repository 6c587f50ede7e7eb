"""The e2e fixture: the whole platform as real processes, driven through the gateway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.testing.mail import Mailbox, smtp_server
from tests.e2e.platform import Platform, new_run_id


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server collecting what the auth worker sends."""
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="session")
async def platform(mailbox: Mailbox) -> AsyncIterator[Platform]:
    running = Platform(run_id=new_run_id(), smtp_port=mailbox.port)
    await running.prepare_databases()
    running.trace_file.unlink(missing_ok=True)
    running.start({"SHOP_TRACE_FILE": str(running.trace_file)})  # tracing on: test_tracing.py
    try:
        await asyncio.to_thread(running.wait_ready)
        yield running
    finally:
        running.stop()
        await running.drop_databases()


@pytest.fixture
async def gateway(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as client:
        yield client
