"""Due work: lease claims on the real database, NOTIFY wake-ups, the loop's batching and backoff."""

import asyncio
import datetime as dt
import uuid

import asyncpg
from sampleapp.app import Credit
from sqlalchemy import func, select

from common.db import utcnow
from common.duework import DueJob, Wakeups, claim_due, notify, run_due, wait_any

LEASE = dt.timedelta(minutes=5)


async def _add_due(sessionmaker, count: int) -> None:
    async with sessionmaker.begin() as session:
        session.add_all(Credit(user_id=uuid.uuid4(), amount=i + 1) for i in range(count))


async def _claim(sessionmaker, limit: int, hold: float = 0.0) -> list[uuid.UUID]:
    async with sessionmaker.begin() as session:
        rows = await claim_due(
            session, Credit, due=Credit.created_at, now=utcnow(), lease=LEASE, limit=limit
        )
        await asyncio.sleep(hold)
        return [row.id for row in rows]


class TestClaimDue:
    async def test_concurrent_claimers_never_take_one_row_twice(self, sessionmaker):
        await _add_due(sessionmaker, 50)
        batches = await asyncio.gather(*(_claim(sessionmaker, 10, hold=0.05) for _ in range(6)))
        claimed = [row for batch in batches for row in batch]
        assert len(claimed) == len(set(claimed)) == 50

    async def test_a_claimed_row_is_not_due_again_until_its_lease_ends(self, sessionmaker):
        await _add_due(sessionmaker, 3)
        assert len(await _claim(sessionmaker, 10)) == 3
        assert await _claim(sessionmaker, 10) == []
        async with sessionmaker() as session:
            earliest = await session.scalar(select(func.min(Credit.created_at)))
        assert earliest > utcnow() + LEASE - dt.timedelta(seconds=5)

    async def test_where_and_values_apply_in_the_claim(self, sessionmaker):
        await _add_due(sessionmaker, 4)
        async with sessionmaker.begin() as session:
            rows = await claim_due(
                session,
                Credit,
                due=Credit.created_at,
                now=utcnow(),
                lease=LEASE,
                limit=10,
                where=[Credit.amount > 2],
                values={"note": "claimed"},
            )
        assert sorted(row.amount for row in rows) == [3, 4]
        assert {row.note for row in rows} == {"claimed"}


class TestWakeups:
    async def test_a_notify_sets_its_channels_event(self, sessionmaker, database_url):
        wakeups = Wakeups(database_url)
        event, other = wakeups.event("sample_due"), wakeups.event("sample_other")
        stop = asyncio.Event()
        listener = asyncio.create_task(wakeups.run(stop))
        try:
            await asyncio.wait_for(other.wait(), 5)  # set once when listening starts
            event.clear()
            other.clear()
            async with sessionmaker.begin() as session:
                await notify(session, "sample_due")
            await asyncio.wait_for(event.wait(), 5)
            assert not other.is_set()
        finally:
            stop.set()
            await asyncio.wait_for(listener, 5)

    async def test_listening_resumes_after_the_connection_is_killed(self, database_url):
        wakeups = Wakeups(database_url)
        event = wakeups.event("sample_due")
        stop = asyncio.Event()
        listener = asyncio.create_task(wakeups.run(stop))
        dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
        admin = await asyncpg.connect(dsn)
        try:
            await asyncio.wait_for(event.wait(), 5)
            event.clear()
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN%' AND datname = current_database()"
            )
            await asyncio.wait_for(event.wait(), 5)  # reconnected: set again
            event.clear()
            await asyncio.sleep(0.2)
            await admin.execute("SELECT pg_notify('sample_due', '')")
            await asyncio.wait_for(event.wait(), 5)
        finally:
            await admin.close()
            stop.set()
            await asyncio.wait_for(listener, 5)


class TestRunDue:
    async def test_a_full_batch_is_followed_at_once_then_it_waits(self):
        calls: list[float] = []
        results = iter([10, 10, 3])
        stop = asyncio.Event()

        async def step() -> int:
            calls.append(asyncio.get_running_loop().time())
            done = next(results, 0)
            if done == 0:
                stop.set()
            return done

        job = DueJob("test", step, batch_size=10, poll_seconds=0.3)
        await asyncio.wait_for(run_due(job, stop), 5)
        assert len(calls) == 4
        assert calls[2] - calls[0] < 0.1
        assert calls[3] - calls[2] >= 0.25

    async def test_a_wakeup_ends_the_wait_early(self):
        calls = 0
        stop, wakeup = asyncio.Event(), asyncio.Event()

        async def step() -> int:
            nonlocal calls
            calls += 1
            if calls == 2:
                stop.set()
            return 0

        job = DueJob("test", step, batch_size=10, poll_seconds=60)
        runner = asyncio.create_task(run_due(job, stop, wakeup))
        await asyncio.sleep(0.1)
        wakeup.set()
        await asyncio.wait_for(runner, 2)
        assert calls == 2

    async def test_failures_back_off_and_call_on_error(self):
        calls: list[float] = []
        errors = 0
        stop = asyncio.Event()

        async def step() -> int:
            calls.append(asyncio.get_running_loop().time())
            if len(calls) == 3:
                stop.set()
            raise RuntimeError("down")

        async def on_error() -> None:
            nonlocal errors
            errors += 1

        job = DueJob("test", step, batch_size=10, poll_seconds=0.01, on_error=on_error)
        await asyncio.wait_for(run_due(job, stop), 5)
        assert errors == 3
        assert calls[1] - calls[0] >= 0.45
        assert calls[2] - calls[1] >= 0.95

    async def test_wait_any_returns_on_the_first_event(self):
        first, second = asyncio.Event(), asyncio.Event()
        second.set()
        await asyncio.wait_for(wait_any(first, second, seconds=60), 1)
