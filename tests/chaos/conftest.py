"""The chaos run's platform: the real processes, on a PostgreSQL cluster and a RabbitMQ node of
their own, so that stopping and restarting them disturbs nothing else on the machine."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from common.testing.mail import Mailbox, smtp_server
from tests.chaos.infra import PrivatePostgres, PrivateRabbit
from tests.e2e.platform import Platform, new_run_id


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="session")
def infra() -> Iterator[tuple[PrivatePostgres, PrivateRabbit]]:
    scratch = Path(tempfile.mkdtemp(prefix="chaos-"))
    scratch.chmod(0o755)
    postgres = PrivatePostgres(scratch / "postgres")
    rabbit = PrivateRabbit(scratch / "rabbitmq")
    postgres.start()
    try:
        rabbit.start()
        try:
            yield postgres, rabbit
        finally:
            rabbit.destroy()
    finally:
        postgres.stop()


@pytest.fixture(scope="session")
async def platform(
    mailbox: Mailbox, infra: tuple[PrivatePostgres, PrivateRabbit]
) -> AsyncIterator[Platform]:
    postgres, rabbit = infra
    running = Platform(
        run_id=new_run_id(), smtp_port=mailbox.port, postgres=postgres.url, amqp_url=rabbit.url
    )
    await running.prepare_databases()
    running.start()
    try:
        await asyncio.to_thread(running.wait_ready)
        yield running
    finally:
        running.stop()


@pytest.fixture
async def gateway(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as client:
        yield client
