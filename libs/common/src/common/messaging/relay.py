"""The outbox relay: sends unsent outbox rows to RabbitMQ and marks them sent after the confirm.

Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so several relays never send one row twice
while each holds its batch; a batch is published with every confirm in flight at once. A crash
or broker outage between publish and commit only delays: unconfirmed rows stay unsent and are
sent again (consumers' inboxes drop the duplicate). The claim commits nothing before the
publish, so no WAL flush lies between an event and its departure.

Rows leased by the process that wrote them (``leased_until``, its fast path:
common.messaging.fastpath) are left alone until the lease ends: the relay is the safety net
for them. An insert of a row nobody holds NOTIFYs the relay, so such events leave within
milliseconds; polling is the fallback (the loop is :mod:`common.duework`'s, shared with every
other kind of due work).
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Sequence

import structlog
from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from common.duework import DueJob, run_due_jobs
from common.messaging.sender import OutboxRow, Sender
from common.platform_tables import outbox

log = structlog.get_logger("common.relay")
NOTIFY_CHANNEL = "outbox"


async def mark_sent(connection: AsyncConnection | AsyncSession, ids: Sequence[uuid.UUID]) -> None:
    """Record confirmed rows as sent (a row another publisher marked meanwhile stays as is)."""
    await connection.execute(
        update(outbox)
        .where(outbox.c.id.in_(ids), outbox.c.sent_at.is_(None))
        .values(sent_at=func.now(), leased_until=None)
    )


async def mark_failed(
    connection: AsyncConnection | AsyncSession,
    failed: Sequence[tuple[uuid.UUID, BaseException]],
) -> None:
    """Count an attempt on unconfirmed rows and free them for the relay's next round."""
    by_error: dict[str, list[uuid.UUID]] = defaultdict(list)
    for row_id, error in failed:
        by_error[repr(error)[:500]].append(row_id)
    for last_error, ids in by_error.items():
        await connection.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids), outbox.c.sent_at.is_(None))
            .values(leased_until=None, attempts=outbox.c.attempts + 1, last_error=last_error)
        )


class OutboxRelay:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        database_url: str,
        amqp_url: str,
        exchange: str,
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        confirm_timeout: float = 10.0,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._database_url = database_url
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self.sender = Sender(amqp_url, exchange, confirm_timeout=confirm_timeout)
        """The process's broker connection, shared with its fast path."""

    async def close(self) -> None:
        """Close the broker connection (the worker calls it when it stops)."""
        await self.sender.reset()

    async def relay_once(self) -> int:
        """Send one batch; returns how many events were confirmed by the broker."""
        await self.sender.exchange()  # the broker is down: fail before locking anything
        async with self._sessionmaker.begin() as session:
            rows = [
                OutboxRow(row.id, row.routing_key, row.body)
                for row in await session.execute(
                    select(outbox.c.id, outbox.c.routing_key, outbox.c.body)
                    .where(
                        outbox.c.sent_at.is_(None),
                        or_(outbox.c.leased_until.is_(None), outbox.c.leased_until <= func.now()),
                    )
                    .order_by(outbox.c.created_at)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ]
            if not rows:
                return 0
            results = await self.sender.send(rows)
            sent = [row.id for row, res in zip(rows, results, strict=True) if res is None]
            failed = [(row.id, res) for row, res in zip(rows, results, strict=True) if res]
            if sent:
                await mark_sent(session, sent)
            if failed:
                await mark_failed(session, failed)
        if failed:
            log.warning("outbox_publish_failed", failed=len(failed), error=repr(failed[0][1]))
            if not sent:
                raise RuntimeError(f"no event of the batch was confirmed: {failed[0][1]!r}")
        return len(sent)

    def due_job(self) -> DueJob:
        """The relay as due work: woken by the outbox trigger's NOTIFY, polled as a fallback."""
        return DueJob(
            name="relay",
            step=self.relay_once,
            batch_size=self._batch_size,
            poll_seconds=self._poll_seconds,
            channel=NOTIFY_CHANNEL,
            on_error=self.sender.reset,
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` (a worker runs :meth:`due_job` beside its other due work)."""
        try:
            await run_due_jobs([self.due_job()], stop, database_url=self._database_url)
        finally:
            await self.sender.reset()
