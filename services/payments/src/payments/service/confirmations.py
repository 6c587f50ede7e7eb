"""Waiting for an order's confirmation without holding a database connection.

A client that sees its order reach ``awaiting_payment`` may pay at once, a few milliseconds
before ``orders.order.confirmed`` reaches this read model: the payment waits for it briefly
rather than answer 409 to a request that is about to be valid. Waiting must never hold a pooled
connection (thirty requests for unknown orders would starve every other user), so the request
waits before it touches its own session, and one poller per process asks, for every waiting
request at once, which orders became known: one short query at a time, whatever the number
waiting. An order still unknown after the timeout is refused without touching the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from payments.repository import orders as repository


class ConfirmationWaiter:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        timeout: float,
        interval: float = 0.05,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._timeout = timeout
        self._interval = interval
        self._waiting: dict[uuid.UUID, list[asyncio.Future[None]]] = {}
        self._arrived = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None

    async def wait(self, order_id: uuid.UUID) -> bool:
        """True once the order is confirmed (or settled) here; False after the timeout.

        Called before the request touches its own session, so it holds no connection."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(order_id, []).append(future)
        self._arrived.set()
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())
        try:
            await asyncio.wait_for(asyncio.shield(future), self._timeout)
        except TimeoutError:
            return False
        finally:
            waiters = self._waiting.get(order_id, [])
            if future in waiters:
                waiters.remove(future)
            if not waiters:
                self._waiting.pop(order_id, None)
        return True

    async def _poll(self) -> None:
        """One query for every waiting order: at once when a request arrives, else every
        ``interval`` seconds; one connection at a time, however many requests wait."""
        while self._waiting:
            self._arrived.clear()
            ids = list(self._waiting)
            try:
                async with self._sessionmaker() as session:
                    known = await repository.confirmed_among(session, ids)
            except Exception:  # a database hiccup: the waiters time out, or the next poll works
                known = set()
            for order_id in known:
                for future in self._waiting.pop(order_id, []):
                    if not future.done():
                        future.set_result(None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), self._interval)

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
