"""A real SMTP server for tests, collecting what a service sends (aiosmtpd)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from common.testing.helpers import free_port


class Mailbox:
    """An SMTP server's inbox: aiosmtpd calls ``handle_DATA`` for every accepted message."""

    def __init__(self) -> None:
        self.port = 0
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._lock:
            self._messages.append(parsed)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self._messages if m["To"] == address]

    async def wait_for(
        self, address: str, count: int = 1, timeout: float = 10.0
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s) to {address}")
            await asyncio.sleep(0.05)
        return self.to(address)

    def last_code(self, address: str) -> str:
        """The 6-digit code in the newest message to ``address``."""
        messages = self.to(address)
        assert messages, f"no mail to {address}"
        match = re.search(r"\b(\d{6})\b", messages[-1].get_content())
        assert match, "no 6-digit code in the message"
        return match.group(1)


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """A listening SMTP server on a free local port; its mailbox knows the port."""
    mailbox = Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
