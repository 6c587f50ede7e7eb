"""Plain SQL on the asyncpg connection, for the reads of hot paths that usually find nothing.

A worker that has nothing to do for an event, or a poll that finds nothing due, should cost
a small fraction of a millisecond; through SQLAlchemy one such read costs more than the work
it guards. Measured on the 2-core bench machine (CPU per call): a Core ``text()`` statement
through a session ~0.2 ms and an ORM ``select`` ~0.5 ms, against ~0.06 ms for the same query
on the driver connection; a transaction around a lone read adds two round trips (BEGIN,
COMMIT or ROLLBACK), ~0.5 ms more. These helpers skip both; writes stay with SQLAlchemy.

- :func:`fetch`: rows of a query inside the session's transaction (same snapshot rules,
  same locks), e.g. "which endpoints does this event concern".
- :func:`peek`: one value read outside any transaction, e.g. "is any mail due", before
  opening the transaction that claims the work.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from common.driver import driver_connection


async def _driver(connection: Any) -> asyncpg.Connection:
    raw = await connection.get_raw_connection()
    driver: asyncpg.Connection = raw.driver_connection
    return driver


async def fetch(session: AsyncSession, sql: str, *args: object) -> list[asyncpg.Record]:
    """Run ``sql`` (``$1``-style parameters) in the session's transaction (begun if needed)."""
    async with driver_connection(session) as driver:
        rows: list[asyncpg.Record] = await driver.fetch(sql, *args)
    return rows


async def peek(sessionmaker: async_sessionmaker[AsyncSession], sql: str, *args: object) -> Any:
    """The first column of the first row of ``sql``, read on a pooled connection without
    a transaction (no BEGIN is sent: the driver runs the statement on its own)."""
    bind = sessionmaker.kw.get("bind")
    if isinstance(bind, AsyncEngine):
        async with bind.connect() as connection:
            return await (await _driver(connection)).fetchval(sql, *args)
    async with sessionmaker() as session, driver_connection(session) as driver:
        return await driver.fetchval(sql, *args)  # bound to a connection: in its transaction
