"""common.fastread: plain SQL on the driver connection, inside the session's transaction or
outside any transaction."""

from sqlalchemy import event, text

from common import fastread


class TestFetch:
    async def test_sees_the_sessions_own_uncommitted_writes(self, sessionmaker):
        async with sessionmaker() as session:
            await session.execute(text("CREATE TEMP TABLE t (v int) ON COMMIT DROP"))
            await session.execute(text("INSERT INTO t VALUES (7)"))
            rows = await fastread.fetch(session, "SELECT v FROM t WHERE v = $1", 7)
            await session.rollback()
        assert [row[0] for row in rows] == [7]


class TestPeek:
    async def test_reads_a_value_without_a_transaction(self, sessionmaker):
        begun: list[object] = []
        engine = sessionmaker.kw["bind"].sync_engine
        listener = begun.append
        event.listen(engine, "begin", listener)
        try:
            assert await fastread.peek(sessionmaker, "SELECT $1::int + 1", 41) == 42
        finally:
            event.remove(engine, "begin", listener)
        assert begun == []
