"""The e2e fixture: the whole platform as real processes, driven through the gateway."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.e2e.platform import Platform, new_run_id


class Mailbox:
    """A real SMTP server collecting what the auth worker sends."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    async def code_for(self, address: str, timeout: float = 15.0) -> str:
        for _ in range(int(timeout / 0.1)):
            for message in reversed(self.messages):
                if address in str(message["to"]):
                    body = message.get_body(preferencelist=("plain",))
                    found = re.search(r"\b(\d{6})\b", body.get_content() if body else "")
                    if found:
                        return found.group(1)
            await asyncio.sleep(0.1)
        raise AssertionError(f"no code mailed to {address}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture(scope="session")
async def platform(mailbox: tuple[Mailbox, int]) -> AsyncIterator[Platform]:
    running = Platform(run_id=new_run_id(), smtp_port=mailbox[1])
    await running.prepare_databases()
    running.start()
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
