"""Waking a loop: on a PostgreSQL NOTIFY, on an event, or after a timeout."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog
from sqlalchemy.engine import make_url

log = structlog.get_logger("webhooks.wakeup")


async def listen_for_notify(
    database_url: str, channel: str, wakeup: asyncio.Event, stop: asyncio.Event
) -> None:
    """Set ``wakeup`` on every NOTIFY on ``channel``; reconnects until ``stop``."""
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    while not stop.is_set():
        try:
            conn = await asyncpg.connect(dsn)
            lost = asyncio.Event()
            conn.add_termination_listener(lambda *_, lost=lost: lost.set())
            await conn.add_listener(channel, lambda *_: wakeup.set())
            wakeup.set()  # anything committed while not listening is due now
            try:
                await wait_any(stop, lost, 3600.0)
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("webhooks_listen_failed", error=repr(exc))
            await wait_any(stop, asyncio.Event(), 1.0)


async def wait_any(stop: asyncio.Event, wakeup: asyncio.Event, seconds: float) -> None:
    """Return when ``stop`` or ``wakeup`` is set, or after ``seconds``."""
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wakeup.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiter
