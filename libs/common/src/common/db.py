"""Async SQLAlchemy engine, sessions and the request-scoped unit of work."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, event, exc, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_metadata() -> MetaData:
    """A MetaData with the platform's constraint naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class ModelBase(DeclarativeBase):
    """Abstract root for each service's own `Base`; each service gets its own metadata.

    Subclass it as ``class Base(ModelBase): __abstract__ = True; metadata = new_metadata()``.
    """

    __abstract__ = True


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now(), index=True
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


def create_engine(
    url: str,
    *,
    pool_size: int = 20,
    max_overflow: int = 20,
    lock_timeout_seconds: float = 10.0,
    idle_ping_seconds: float = 5.0,
) -> AsyncEngine:
    """An engine whose statements give up waiting for a row lock after ``lock_timeout_seconds``
    (idempotency keys rely on it to answer 409 instead of waiting forever).

    No pre-ping on every checkout (a round trip each time): only a connection that sat idle in
    the pool for ``idle_ping_seconds`` is pinged, and a dead one is replaced before the request
    uses it, so a database restart is invisible to a quiet process. A connection that dies while
    in use invalidates the pool; its request answers 503 with ``Retry-After`` (see
    :mod:`common.errors`). Connections are recycled after 30 minutes."""
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={
            "server_settings": {"lock_timeout": str(int(lock_timeout_seconds * 1000))},
        },
    )
    _ping_when_idle(engine, idle_ping_seconds)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    pool_events = engine.sync_engine.pool

    @event.listens_for(pool_events, "checkin")
    def _returned(_: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(pool_events, "checkout")
    def _ping_stale(connection: Any, record: Any, __: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            connection.ping()
        except Exception as error:
            # the pool discards this connection and checks out another (SQLAlchemy's
            # documented pessimistic-disconnect pattern)
            raise exc.DisconnectionError() from error


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request is the unit of work: commit when the handler succeeds, roll back otherwise
    (except for a :class:`~common.errors.ServiceError` that ``keeps_changes``).

    Declared with ``scope="function"`` so the commit happens before the response is sent: a
    client never sees a success whose data was not committed.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException as exc:
            if getattr(exc, "keeps_changes", False):
                await session.commit()
            else:
                await session.rollback()
            raise
        else:
            await session.commit()


SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]
