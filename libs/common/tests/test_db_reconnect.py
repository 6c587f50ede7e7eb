"""A connection that died while idle in the pool (a database restart) is replaced before a
request uses it, so a quiet process never answers an error for it."""

import asyncpg
import pytest
from sqlalchemy import exc, text

from common.db import create_engine
from common.settings import POSTGRES_DEFAULT

URL = f"{POSTGRES_DEFAULT}/postgres"


async def _terminate(pid: int) -> None:
    admin = await asyncpg.connect(URL.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def _pooled_backend(engine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT pg_backend_pid()")))


async def test_an_idle_connection_killed_by_the_server_is_replaced_transparently():
    engine = create_engine(URL, pool_size=1, max_overflow=0, idle_ping_seconds=0.0)
    try:
        killed = await _pooled_backend(engine)
        await _terminate(killed)  # the pooled connection dies, as in a database restart
        assert await _pooled_backend(engine) != killed  # replaced, and no error
    finally:
        await engine.dispose()


async def test_a_recently_used_connection_is_trusted_without_a_ping():
    engine = create_engine(URL, pool_size=1, max_overflow=0, idle_ping_seconds=3600.0)
    try:
        await _terminate(await _pooled_backend(engine))
        # within the idle window nothing checks it: its death surfaces on use (the request
        # answers 503 with Retry-After), and the pool then reconnects
        with pytest.raises(exc.DBAPIError):
            await _pooled_backend(engine)
        await _pooled_backend(engine)
    finally:
        await engine.dispose()
