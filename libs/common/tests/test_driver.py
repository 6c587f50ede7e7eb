"""common.driver: hand-written SQL on the session's connection fails the way SQLAlchemy's does."""

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from common.driver import driver_connection
from common.errors import _database_unavailable, _value_refused


class TestDriverConnection:
    async def test_a_statement_outside_a_transaction_commits_on_its_own(self, sessionmaker):
        async with sessionmaker() as session:
            async with driver_connection(session) as connection:
                await connection.execute("CREATE TEMP TABLE t (v varchar(3))")
                await connection.execute("INSERT INTO t VALUES ('abc')")
                assert not connection.is_in_transaction()
            await session.rollback()  # nothing of SQLAlchemy's to roll back
            async with driver_connection(session) as connection:
                assert await connection.fetchval("SELECT count(*) FROM t") == 1

    async def test_inside_the_sessions_transaction_it_joins_it(self, sessionmaker):
        async with sessionmaker() as session:
            await session.execute(text("SELECT 1"))
            async with driver_connection(session) as connection:
                assert connection.is_in_transaction()

    async def test_a_refused_value_is_a_dbapi_error_answered_422(self, sessionmaker):
        async def too_long() -> None:
            async with sessionmaker() as session, driver_connection(session) as connection:
                await connection.execute("CREATE TEMP TABLE t (v varchar(3))")
                await connection.execute("INSERT INTO t VALUES ($1)", "abcd")

        with pytest.raises(DBAPIError) as caught:
            await too_long()
        assert _value_refused(caught.value)
        assert not caught.value.connection_invalidated

    async def test_a_lost_connection_is_invalidated_and_answered_503(self, sessionmaker):
        async def terminated() -> None:
            async with sessionmaker() as session, driver_connection(session) as connection:
                await connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")

        with pytest.raises(DBAPIError) as caught:
            await terminated()
        assert caught.value.connection_invalidated
        assert _database_unavailable(caught.value)
        assert isinstance(caught.value.orig, asyncpg.PostgresError | asyncpg.InterfaceError)
