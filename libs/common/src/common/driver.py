"""The request's own database connection as asyncpg sees it, for a hot path's hand-written SQL.

SQLAlchemy's ORM costs far more CPU than the database on a small write: building, caching and
compiling the statement, the unit of work, loading rows into objects. A request that sends one
or two fixed statements can skip all of that and still use the session's pooled connection.

A statement sent here runs in the session's transaction when the session has begun one, else
on its own (autocommit: the driver adapter only sends ``BEGIN`` with SQLAlchemy's first
statement, and commits nothing when it sent none). Write each as one self-contained statement
(data-modifying CTEs make several writes one atomic statement). Errors come out as SQLAlchemy's
``DBAPIError``, with a lost connection invalidated, so the error handlers of :mod:`common.errors`
answer as for any other query (503 for an outage, 422 for a value the database refuses).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

_CONNECTION_LOST_SQLSTATES = {"57P01", "57P02", "57P03"}


def _connection_lost(error: BaseException) -> bool:
    if not isinstance(error, asyncpg.PostgresError):
        return isinstance(error, asyncpg.InterfaceError | OSError)
    sqlstate = str(getattr(error, "sqlstate", "") or "")
    return sqlstate.startswith("08") or sqlstate in _CONNECTION_LOST_SQLSTATES


@asynccontextmanager
async def driver_connection(session: AsyncSession) -> AsyncIterator[asyncpg.Connection]:
    """The asyncpg connection under ``session`` (checked out from the pool if need be)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: asyncpg.Connection = raw.driver_connection  # type: ignore[assignment]
    try:
        yield driver
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
        lost = _connection_lost(error)
        if lost:
            await connection.invalidate()
        raise DBAPIError(None, None, error, connection_invalidated=lost) from error
