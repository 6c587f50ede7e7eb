"""Waiting for an order's confirmation without holding a database connection.

A client that sees its order reach ``awaiting_payment`` may pay at once, a few milliseconds
before ``orders.order.confirmed`` reaches this read model: the payment waits for it briefly
rather than answer 409 to a request that is about to be valid. Waiting must never hold a pooled
connection (thirty requests for unknown orders would starve every other user), so the request
releases its own and one poller per process asks, for every waiting request at once, which
orders became known: one short query every ``interval`` seconds, whatever the number waiting.
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
        self._poller: asyncio.Task[None] | None = None

    async def wait(self, session: AsyncSession, order_id: uuid.UUID) -> None:
        """Return once the order is confirmed (or settled) here, or after the timeout.

        ``session`` (the request's) is asked first; if the order is not known yet its
        transaction ends, so the request holds no connection while it waits."""
        if await repository.status_of(session, order_id) not in (None, "pending"):
            return
        await session.rollback()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(order_id, []).append(future)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(future), self._timeout)
        finally:
            waiters = self._waiting.get(order_id, [])
            if future in waiters:
                waiters.remove(future)
            if not waiters:
                self._waiting.pop(order_id, None)

    async def _poll(self) -> None:
        while self._waiting:
            await asyncio.sleep(self._interval)
            ids = list(self._waiting)
            if not ids:
                return
            try:
                async with self._sessionmaker() as session:
                    known = await repository.confirmed_among(session, ids)
            except Exception:  # a database hiccup: the waiters time out, or the next poll works
                continue
            for order_id in known:
                for future in self._waiting.pop(order_id, []):
                    if not future.done():
                        future.set_result(None)

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
