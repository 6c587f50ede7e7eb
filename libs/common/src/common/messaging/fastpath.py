"""The fast path: a process publishes the outbox rows it wrote as soon as their transaction
commits, instead of waiting for a relay to notice them.

When a session belongs to a fast path (:meth:`FastPath.bind`) whose broker connection is up,
:func:`common.messaging.outbox.publish` inserts the row with a lease (``leased_until``): the
relay leaves a leased row alone and the insert trigger does not wake it. After the commit the
rows are sent with publisher confirms; confirmed rows are marked sent (one statement for
whatever was confirmed meanwhile), unconfirmed ones are given back to the relay at once.

What it keeps: a row is marked sent by one publisher, and never lost. A process that dies after
its commit leaves its rows leased, and the relay sends them when the lease ends; a broker that
is down when a row is written means no lease, so the relay sends it as before. A publisher
slower than its lease can only cause a duplicate, which inboxes drop. Rows of a transaction or
savepoint that rolled back are never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from common.messaging.relay import NOTIFY_CHANNEL, mark_failed, mark_sent
from common.messaging.sender import OutboxRow, Sender

log = structlog.get_logger("common.fastpath")

FAST_PATH = "common.messaging.fastpath"
"""The session ``info`` key of the fast path a session belongs to."""
_HELD = "common.messaging.fastpath.held"


class FastPath:
    def __init__(
        self, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession], *, lease: float
    ) -> None:
        self._sender = sender
        self._sessionmaker = sessionmaker
        self.lease = dt.timedelta(seconds=lease)
        self._open = True
        self._tasks: set[asyncio.Task[None]] = set()
        self._unmarked: list[uuid.UUID] = []
        self._marking: asyncio.Task[None] | None = None

    def bind(self) -> None:
        """Sessions made by the sessionmaker from now on publish their events after commit."""
        info = {**self._sessionmaker.kw.get("info", {}), FAST_PATH: self}
        self._sessionmaker.configure(sync_session_class=FastPathSession, info=info)

    @property
    def taking(self) -> bool:
        """Whether a row written now is for this fast path (else the relay sends it)."""
        return self._open and self._sender.available

    def hold(self, session: AsyncSession, row: OutboxRow) -> None:
        """Keep ``row`` (just inserted with a lease) for sending after the commit."""
        sync = session.sync_session
        transaction = sync.get_nested_transaction() or sync.get_transaction()
        sync.info.setdefault(_HELD, []).append((transaction, row))

    def committed(self, rows: list[OutboxRow]) -> None:
        task = asyncio.get_running_loop().create_task(self._publish(rows))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop taking rows and finish sending and marking those taken."""
        self._open = False
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=15.0)
        if self._marking is not None:
            await asyncio.wait([self._marking], timeout=5.0)

    async def _publish(self, rows: list[OutboxRow]) -> None:
        results = await self._sender.send(rows)
        failed = [(row.id, res) for row, res in zip(rows, results, strict=True) if res]
        self._unmarked += [row.id for row, res in zip(rows, results, strict=True) if res is None]
        if self._unmarked and (self._marking is None or self._marking.done()):
            self._marking = asyncio.create_task(self._mark())
        if not failed:
            return
        log.warning("fast_path_publish_failed", failed=len(failed), error=repr(failed[0][1]))
        try:
            async with _autocommit(self._sessionmaker) as connection:
                await mark_failed(connection, failed)
                await connection.execute(
                    text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL}
                )
        except Exception as exc:  # the rows stay leased: the relay sends them when it ends
            log.warning("fast_path_release_failed", error=repr(exc))

    async def _mark(self) -> None:
        """Mark what was confirmed, one statement per round, while confirmations come in."""
        while self._unmarked:
            ids, self._unmarked = self._unmarked, []
            try:
                async with _autocommit(self._sessionmaker) as connection:
                    await mark_sent(connection, ids)
            except Exception as exc:  # re-sent when the lease ends: a duplicate inboxes drop
                log.warning("fast_path_mark_failed", events=len(ids), error=repr(exc))


@asynccontextmanager
async def fast_path(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    amqp_url: str,
    exchange: str,
    lease: float,
    confirm_timeout: float = 5.0,
) -> AsyncIterator[FastPath]:
    """A fast path with a broker connection of its own (for an api process): it connects in
    the background and takes no row until connected, so a broker that is down delays no
    request and fails none (the relay sends those rows)."""
    sender = Sender(amqp_url, exchange, confirm_timeout=confirm_timeout)
    fast = FastPath(sender, sessionmaker, lease=lease)
    fast.bind()
    connecting = asyncio.create_task(_connect(sender))
    try:
        yield fast
    finally:
        connecting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await connecting
        await fast.close()
        await sender.reset()


async def _connect(sender: Sender) -> None:
    """Until the first connection opens (a robust connection then reconnects by itself)."""
    while True:
        try:
            await sender.exchange()
            return
        except Exception as exc:
            log.warning("fast_path_broker_unreachable", error=repr(exc))
            await asyncio.sleep(2.0)


@asynccontextmanager
async def _autocommit(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncConnection]:
    """A connection whose statements commit one by one (no BEGIN round trip)."""
    engine: AsyncEngine = sessionmaker.kw["bind"]
    async with engine.connect() as connection:
        yield await connection.execution_options(isolation_level="AUTOCOMMIT")


class FastPathSession(Session):
    """The sync session of a fast path's sessions: its listeners hand committed rows over."""


@event.listens_for(FastPathSession, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a released savepoint: its rows wait for the real commit
    held = session.info.pop(_HELD, None)
    fast = session.info.get(FAST_PATH)
    if held and isinstance(fast, FastPath):
        fast.committed([row for _, row in held])


@event.listens_for(FastPathSession, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    held = session.info.get(_HELD)
    if held:
        session.info[_HELD] = [
            (transaction, row)
            for transaction, row in held
            if not _within(transaction, previous_transaction)
        ]


@event.listens_for(FastPathSession, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # whatever the commit did not take is dropped
        session.info.pop(_HELD, None)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False
