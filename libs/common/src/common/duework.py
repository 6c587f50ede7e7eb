"""Due work: rows that come due at a time and are done by any number of worker replicas.

The outbox relay, auth's mail sender and billing's scheduler share one shape, written once here:

- **claim with a lease** (:func:`claim_due`): one statement takes due rows with
  ``FOR UPDATE SKIP LOCKED`` and pushes their due time to the end of a lease, then commits.
  Replicas never claim one row at once, no lock is held during the slow part (SMTP, a broker,
  a provider), and a worker that dies leaves its rows to come due again when the lease ends.
- **wake on NOTIFY** (:class:`Wakeups`): one LISTEN connection per process sets an event per
  channel; writers call :func:`notify` (or a trigger from
  :func:`common.migrations.notify_on_insert`) so work starts within milliseconds. Polling is
  the fallback, so a lost notification only delays.
- **back off** (:func:`run_due`): a failing round waits 0.5 s, 1 s, 2 s ... up to a cap; a full
  batch is followed at once by the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
import structlog
from sqlalchemy import ColumnElement, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

log = structlog.get_logger("common.duework")
M = TypeVar("M")


async def claim_due(
    session: AsyncSession,
    model: type[M],
    *,
    due: InstrumentedAttribute[dt.datetime],
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
    where: Iterable[ColumnElement[bool]] = (),
    values: dict[str, Any] | None = None,
) -> Sequence[M]:
    """Claim up to ``limit`` rows of ``model`` with ``due <= now`` (oldest first), moving ``due``
    to ``now + lease`` and applying ``values`` in the same statement. Rows another transaction
    holds are skipped, not waited for. The returned rows are in no particular order."""
    primary = model.id  # type: ignore[attr-defined]
    candidates = (
        select(primary)
        .where(due <= now, *where)
        .order_by(due)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(model)
        .where(primary.in_(candidates))
        .values({due.key: now + lease, **(values or {})})
        .returning(model),
        execution_options={"populate_existing": True},
    )
    return claimed.all()


async def notify(session: AsyncSession, channel: str) -> None:
    """Wake the listeners of ``channel`` when the session's transaction commits."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


class Wakeups:
    """One LISTEN connection for a process: ``event(channel)`` is set on every NOTIFY on it
    (and once after each reconnect, since notifications sent meanwhile were lost)."""

    def __init__(self, database_url: str) -> None:
        self._dsn = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self._events: dict[str, asyncio.Event] = {}

    def event(self, channel: str) -> asyncio.Event:
        return self._events.setdefault(channel, asyncio.Event())

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set() and self._events:
            try:
                conn = await asyncpg.connect(self._dsn)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda *_, lost=lost: lost.set())
                try:
                    for channel, event in self._events.items():
                        await conn.add_listener(channel, lambda *_, e=event: e.set())
                        event.set()
                    await wait_any(stop, lost, seconds=3600.0)
                finally:
                    await conn.close()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("listen_failed", error=repr(exc))
                await wait_any(stop, seconds=1.0)


@dataclass(frozen=True)
class DueJob:
    """A kind of due work: ``step()`` does one batch and returns how many items it took."""

    name: str
    step: Callable[[], Awaitable[int]]
    batch_size: int
    poll_seconds: float
    channel: str | None = None
    """The NOTIFY channel that says new work is due."""
    on_error: Callable[[], Awaitable[None]] | None = None
    """Called after a failed step (e.g. to drop a broken connection)."""
    max_backoff_seconds: float = 30.0


async def run_due(job: DueJob, stop: asyncio.Event, wakeup: asyncio.Event | None = None) -> None:
    """Run ``job`` until ``stop``: again at once after a full batch, else on ``wakeup`` or after
    ``poll_seconds``; a failed step backs off exponentially."""
    wakeup = wakeup or asyncio.Event()
    backoff = 0.5
    while not stop.is_set():
        wakeup.clear()
        try:
            done = await job.step()
            backoff = 0.5
        except Exception as exc:
            log.warning("due_work_failed", job=job.name, error=repr(exc), retry_in=backoff)
            if job.on_error is not None:
                await job.on_error()
            await wait_any(stop, seconds=backoff)
            backoff = min(backoff * 2, job.max_backoff_seconds)
            continue
        if done >= job.batch_size:
            continue
        await wait_any(stop, wakeup, seconds=job.poll_seconds)


async def run_due_jobs(jobs: Sequence[DueJob], stop: asyncio.Event, *, database_url: str) -> None:
    """Run every job, sharing one LISTEN connection for their channels."""
    wakeups = Wakeups(database_url)
    events = {job.name: wakeups.event(job.channel) if job.channel else None for job in jobs}
    tasks = [asyncio.create_task(wakeups.run(stop), name="listen")]
    tasks += [
        asyncio.create_task(run_due(job, stop, events[job.name]), name=job.name) for job in jobs
    ]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def wait_any(*events: asyncio.Event, seconds: float) -> None:
    """Return when any event is set or after ``seconds``."""
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        if waiters:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        else:
            await asyncio.sleep(seconds)
    finally:
        for waiter in waiters:
            waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*waiters, return_exceptions=True)
