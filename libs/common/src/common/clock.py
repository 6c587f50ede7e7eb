"""A clock that tests can move: every time-driven rule of a service reads ``Clock.now``.

Outside production the clock is the wall clock plus an offset kept in the service's own
``clock`` table (one row), so the api and every worker replica read the same time; an admin
route moves it forward (never back: an earlier time is 409). In production the offset is
never read and the clock cannot move. A service adds the table to its metadata with
:func:`clock_table` and creates it in a migration like any other table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Float, MetaData, SmallInteger, Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from common.errors import Conflict, NotFound

_ROW = 1


class ClockCannotGoBack(Conflict):
    default_message = "The test clock only moves forward."


class TestClockDisabled(NotFound):
    default_message = "There is no test clock in production."


def clock_table(metadata: MetaData) -> Table:
    """The one-row ``clock`` table: seconds the service's time runs ahead of the wall clock."""
    return Table(
        "clock",
        metadata,
        Column("id", SmallInteger, primary_key=True),
        Column("offset_seconds", Float, nullable=False, server_default="0"),
    )


class Clock:
    """``movable`` is False in production: ``now`` is then the wall clock, always."""

    def __init__(self, table: Table, *, movable: bool) -> None:
        self._table = table
        self.movable = movable

    async def offset(self, session: AsyncSession) -> dt.timedelta:
        if not self.movable:
            return dt.timedelta(0)
        seconds = await session.scalar(
            select(self._table.c.offset_seconds).where(self._table.c.id == _ROW)
        )
        return dt.timedelta(seconds=seconds or 0.0)

    async def now(self, session: AsyncSession) -> dt.datetime:
        return utcnow() + await self.offset(session)

    async def move_to(self, session: AsyncSession, now: dt.datetime) -> dt.datetime:
        """Set the service's time to ``now`` (UTC); it then runs on from there."""
        if not self.movable:
            raise TestClockDisabled()
        table = self._table
        await session.execute(
            insert(table).values(id=_ROW, offset_seconds=0.0).on_conflict_do_nothing()
        )
        current = await session.scalar(
            select(table.c.offset_seconds).where(table.c.id == _ROW).with_for_update()
        )
        wall = utcnow()
        if now < wall + dt.timedelta(seconds=current or 0.0):
            raise ClockCannotGoBack()
        offset = (now - wall).total_seconds()
        await session.execute(
            table.update().where(table.c.id == _ROW).values(offset_seconds=offset)
        )
        return now
