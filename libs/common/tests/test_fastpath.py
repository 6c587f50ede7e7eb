"""The outbox fast path on the real broker and database: a row its writer sends right after the
commit is sent once and marked once, and whatever the fast path does not confirm is the relay's.
"""

import asyncio
import datetime as dt
import uuid

import aio_pika
import pytest
from sqlalchemy import select, update

from common.events.auth import UserRegistered
from common.events.base import Envelope
from common.messaging.fastpath import FastPath
from common.messaging.outbox import publish
from common.messaging.relay import OutboxRelay
from common.messaging.sender import OutboxRow, Sender
from common.messaging.topology import declare_exchange
from common.platform_tables import outbox
from common.testing import wait_for

AMQP = "amqp://guest:guest@127.0.0.1:5672/"
BROKER_DOWN = "amqp://guest:guest@127.0.0.1:1/"


class Crashed(FastPath):
    """A process that dies right after its commit: it never sends what it wrote."""

    def committed(self, rows: list[OutboxRow]) -> None:
        return None


class NackingSender(Sender):
    """A broker that refuses every message (a nack, a returned message, a confirm timeout)."""

    async def _send(self, exchange, row, traceparent) -> None:
        raise RuntimeError("nacked")


@pytest.fixture
async def tap(settings):
    """A private queue receiving every event on the exchange; yields a drain function."""
    connection = await aio_pika.connect_robust(AMQP)
    channel = await connection.channel()
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(await declare_exchange(channel, settings.events_exchange), routing_key="#")

    async def drain(expected: int, *, settle: float = 0.5) -> list[uuid.UUID]:
        received: list[uuid.UUID] = []

        async def probe() -> bool:
            while (message := await queue.get(fail=False)) is not None:
                await message.ack()
                received.append(Envelope.model_validate_json(message.body).id)
            return len(received) >= expected

        if expected:
            await wait_for(probe, timeout=10)
        await asyncio.sleep(settle)
        await probe()
        return received

    yield drain
    await connection.close()


@pytest.fixture
async def fast(settings, sessionmaker):
    sender = Sender(AMQP, settings.events_exchange)
    await sender.exchange()
    path = FastPath(sender, sessionmaker, lease=20.0)
    path.bind()
    yield path
    await path.close()
    await sender.reset()


def _relay(sessionmaker, settings) -> OutboxRelay:
    return OutboxRelay(
        sessionmaker,
        database_url=settings.database_url,
        amqp_url=AMQP,
        exchange=settings.events_exchange,
        batch_size=50,
    )


def _registered() -> UserRegistered:
    name = f"u{uuid.uuid4().hex[:8]}"
    return UserRegistered(user_id=uuid.uuid4(), email=f"{name}@x.io", username=name, role="buyer")


async def _row(sessionmaker, event_id: uuid.UUID):
    async with sessionmaker() as session:
        return (await session.execute(select(outbox).where(outbox.c.id == event_id))).one()


async def _sent(sessionmaker, event_id: uuid.UUID):
    row = await _row(sessionmaker, event_id)
    return row if row.sent_at is not None else None


async def _true(value: bool) -> bool:
    return value


class TestSentAfterCommit:
    async def test_row_is_sent_and_marked_once_and_the_relay_never_resends_it(
        self, fast, sessionmaker, settings, tap
    ):
        async with sessionmaker.begin() as session:
            envelope = await publish(session, _registered())
        assert await tap(1) == [envelope.id]
        row = await wait_for(lambda: _sent(sessionmaker, envelope.id))
        assert row.leased_until is None
        assert row.attempts == 0
        relay = _relay(sessionmaker, settings)
        assert await relay.relay_once() == 0
        await relay.close()
        assert await tap(0) == []

    async def test_a_relay_running_meanwhile_sends_each_row_once(
        self, fast, sessionmaker, settings, tap
    ):
        async def write(n: int) -> list[uuid.UUID]:
            ids = []
            for _ in range(n):
                async with sessionmaker.begin() as session:
                    ids.append((await publish(session, _registered())).id)
            return ids

        stop = asyncio.Event()
        relay = asyncio.create_task(_relay(sessionmaker, settings).run(stop))
        written = [i for ids in await asyncio.gather(*(write(20) for _ in range(5))) for i in ids]
        received = await tap(100)
        stop.set()
        await relay
        assert sorted(received) == sorted(written)
        async with sessionmaker() as session:
            unsent = await session.scalar(
                select(outbox.c.id).where(outbox.c.sent_at.is_(None)).limit(1)
            )
        assert unsent is None


class TestNothingUncommitted:
    async def test_rolled_back_transaction_sends_nothing(self, fast, sessionmaker, tap):
        async def failing_request() -> None:
            async with sessionmaker.begin() as session:
                await publish(session, _registered())
                raise RuntimeError("the request failed")

        with pytest.raises(RuntimeError):
            await failing_request()
        assert await tap(0) == []

    async def test_rolled_back_savepoint_sends_only_what_committed(self, fast, sessionmaker, tap):
        async def failing_savepoint(session) -> None:
            async with session.begin_nested():
                await publish(session, _registered())
                raise RuntimeError("the savepoint rolled back")

        async with sessionmaker.begin() as session:
            kept = await publish(session, _registered())
            with pytest.raises(RuntimeError):
                await failing_savepoint(session)
            async with session.begin_nested():
                released = await publish(session, _registered())
        assert sorted(await tap(2)) == sorted([kept.id, released.id])


class TestLeftToTheRelay:
    async def test_writer_dying_after_commit_leaves_the_row_to_the_relay_when_the_lease_ends(
        self, settings, sessionmaker, tap
    ):
        sender = Sender(AMQP, settings.events_exchange)
        await sender.exchange()
        Crashed(sender, sessionmaker, lease=20.0).bind()
        async with sessionmaker.begin() as session:
            envelope = await publish(session, _registered())
        relay = _relay(sessionmaker, settings)
        assert await relay.relay_once() == 0  # leased: the writer may still be sending it
        async with sessionmaker.begin() as session:
            await session.execute(
                update(outbox).values(
                    leased_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
                )
            )
        assert await relay.relay_once() == 1
        assert await relay.relay_once() == 0
        await relay.close()
        await sender.reset()
        assert await tap(1) == [envelope.id]

    async def test_unconfirmed_row_is_given_back_to_the_relay_at_once(
        self, settings, sessionmaker, tap
    ):
        sender = NackingSender(AMQP, settings.events_exchange)
        await sender.exchange()
        path = FastPath(sender, sessionmaker, lease=20.0)
        path.bind()
        async with sessionmaker.begin() as session:
            envelope = await publish(session, _registered())

        async def released():
            row = await _row(sessionmaker, envelope.id)
            return row if row.attempts == 1 else None

        row = await wait_for(released)
        assert row.leased_until is None
        assert row.sent_at is None
        assert "nacked" in row.last_error
        relay = _relay(sessionmaker, settings)
        assert await relay.relay_once() == 1
        await relay.close()
        await path.close()
        await sender.reset()
        assert await tap(1) == [envelope.id]

    async def test_broker_down_when_written_means_no_lease(self, settings, sessionmaker, tap):
        path = FastPath(Sender(BROKER_DOWN, settings.events_exchange), sessionmaker, lease=20.0)
        path.bind()
        async with sessionmaker.begin() as session:
            envelope = await publish(session, _registered())
        row = await _row(sessionmaker, envelope.id)
        assert row.leased_until is None
        relay = _relay(sessionmaker, settings)
        assert await relay.relay_once() == 1
        await relay.close()
        assert await tap(1) == [envelope.id]


class TestApiFastPath:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, object]:
        return {"fast_path_api": True}

    async def test_event_of_a_request_is_sent_after_its_commit(
        self, app, client, tokens, sessionmaker, tap
    ):
        await wait_for(lambda: _true(app.state.fast_path.taking))  # it connects in the background
        response = await client.post("/credits", json={"amount": 5}, headers=tokens.headers())
        assert response.status_code == 201
        [event_id] = await tap(1)
        row = await wait_for(lambda: _sent(sessionmaker, event_id))
        assert row.leased_until is None


class TestApiWithTheBrokerDown:
    @pytest.fixture
    def app(self, service_spec, settings, tokens):
        down = settings.model_copy(update={"fast_path_api": True, "amqp_url": BROKER_DOWN})
        return service_spec.app_factory(down, key_provider=tokens.key_provider())

    async def test_request_succeeds_and_its_row_waits_for_the_relay(
        self, client, tokens, sessionmaker
    ):
        response = await client.post("/credits", json={"amount": 5}, headers=tokens.headers())
        assert response.status_code == 201
        async with sessionmaker() as session:
            row = (await session.execute(select(outbox))).one()
        assert row.leased_until is None
        assert row.sent_at is None
