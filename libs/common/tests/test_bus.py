"""The event platform on the real broker: outbox relay, inbox consumer, dead letters."""

import asyncio
import datetime as dt
import uuid

import aio_pika
import pytest
from sampleapp.app import Greeting, failures, healed, subscriber
from sqlalchemy import func, select

from common.events.auth import UserRegistered
from common.events.base import Envelope
from common.messaging import dead_letters
from common.messaging.consumer import InboxProcessor, PoisonMessage, Subscriber
from common.messaging.outbox import publish
from common.messaging.relay import OutboxRelay
from common.messaging.topology import Topology, declare_exchange
from common.messaging.worker import Worker
from common.platform_tables import outbox
from common.testing import running_worker, wait_for

AMQP = "amqp://guest:guest@127.0.0.1:5672/"


@pytest.fixture
async def channel():
    connection = await aio_pika.connect_robust(AMQP)
    channel = await connection.channel()
    yield channel
    await connection.close()


async def _tap(channel, exchange_name: str):
    """A private queue receiving every event on the exchange."""
    exchange = await declare_exchange(channel, exchange_name)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(exchange, routing_key="#")
    return queue


async def _drain(queue, expected: int, timeout: float = 10.0) -> list[Envelope]:
    received: list[Envelope] = []

    async def probe():
        while (message := await queue.get(fail=False)) is not None:
            await message.ack()
            received.append(Envelope.model_validate_json(message.body))
        return len(received) >= expected

    await wait_for(probe, timeout=timeout)
    await asyncio.sleep(0.3)
    await probe()
    return received


def _registered(username: str = "ada") -> UserRegistered:
    return UserRegistered(
        user_id=uuid.uuid4(), email=f"{username}@example.com", username=username, role="buyer"
    )


def _relay(sessionmaker, settings, amqp_url: str = AMQP) -> OutboxRelay:
    return OutboxRelay(
        sessionmaker,
        database_url=settings.database_url,
        amqp_url=amqp_url,
        exchange=settings.events_exchange,
        batch_size=50,
        poll_seconds=0.1,
    )


class TestOutbox:
    async def test_event_committed_while_broker_is_down_is_delivered_when_it_returns(
        self, sessionmaker, settings, channel
    ):
        tap = await _tap(channel, settings.events_exchange)
        async with sessionmaker.begin() as session:
            await publish(session, _registered())
        down = _relay(sessionmaker, settings, amqp_url="amqp://guest:guest@127.0.0.1:1/")
        with pytest.raises(Exception):  # any connection error
            await down.relay_once()
        async with sessionmaker() as session:
            assert (
                await session.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                )
                == 1
            )
        stop = asyncio.Event()
        task = asyncio.create_task(_relay(sessionmaker, settings).run(stop))
        received = await _drain(tap, 1)
        stop.set()
        await task
        assert [e.type for e in received] == ["auth.user.registered"]

    async def test_two_relays_at_once_send_each_event_once(self, sessionmaker, settings, channel):
        tap = await _tap(channel, settings.events_exchange)
        async with sessionmaker.begin() as session:
            for i in range(300):
                await publish(session, _registered(f"user{i}"))
        stop = asyncio.Event()
        relays = [asyncio.create_task(_relay(sessionmaker, settings).run(stop)) for _ in range(2)]
        received = await _drain(tap, 300)
        stop.set()
        await asyncio.gather(*relays)
        assert len(received) == 300
        assert len({e.id for e in received}) == 300

    async def test_unroutable_event_is_kept_not_lost(self, sessionmaker, settings, channel):
        async with sessionmaker.begin() as session:
            await publish(session, _registered())
        assert await _relay(sessionmaker, settings).relay_once() == 1


class TestInbox:
    async def test_same_event_delivered_twice_has_one_effect(self, sessionmaker):
        processor = InboxProcessor(subscriber, sessionmaker)
        event = _registered()
        body = Envelope.wrap(event).model_dump_json().encode()
        assert await processor.process(body) is True
        assert await processor.process(body) is False
        async with sessionmaker() as session:
            greeting = await session.scalar(
                select(Greeting).where(Greeting.user_id == event.user_id)
            )
        assert greeting is not None
        assert greeting.count == 1

    async def test_unknown_event_type_is_poison(self, sessionmaker):
        processor = InboxProcessor(subscriber, sessionmaker)
        with pytest.raises(PoisonMessage):
            await processor.process(b'{"not": "an envelope"}')


class TestEveryEvent:
    """A consumer of every event (``Subscriber.on_every_event``, the queue binds ``#``)."""

    async def test_it_gets_any_type_once_and_typed_handlers_keep_theirs(self, sessionmaker):
        seen: list[str] = []
        every = Subscriber()

        @every.on_every_event
        async def on_any(envelope: Envelope, session) -> None:
            seen.append(envelope.type)

        @every.on(UserRegistered)
        async def on_registered(event: UserRegistered, session) -> None:
            seen.append(f"typed {event.routing_key}")

        assert every.routing_keys == ["#"]
        processor = InboxProcessor(every, sessionmaker)
        newer = Envelope(
            type="billing.charge.succeeded",
            version=1,
            occurred_at=dt.datetime.now(dt.UTC),
            producer="billing",
            data={"charge_id": "c1"},
        )
        body = newer.model_dump_json().encode()
        assert await processor.process(body) is True
        assert await processor.process(body) is False
        await processor.process(Envelope.wrap(_registered()).model_dump_json().encode())
        assert seen == ["billing.charge.succeeded", "typed auth.user.registered"]

    def test_one_handler_only(self):
        every = Subscriber()
        every.on_every_event(_noop)
        with pytest.raises(ValueError, match="already"):
            every.on_every_event(_noop)


async def _noop(envelope: Envelope, session) -> None:
    return None


class TestConsumerOnBroker:
    async def test_duplicate_deliveries_through_the_broker_apply_once(
        self, settings, sessionmaker, channel
    ):
        event = _registered("twice")
        async with running_worker(Worker(settings, subscriber=subscriber)):
            exchange = await declare_exchange(channel, settings.events_exchange)
            body = Envelope.wrap(event).model_dump_json().encode()
            for _ in range(2):
                await exchange.publish(aio_pika.Message(body), routing_key=event.routing_key)

            async def handled():
                async with sessionmaker() as session:
                    return await session.scalar(
                        select(Greeting.count).where(Greeting.user_id == event.user_id)
                    )

            assert await wait_for(handled) == 1
            await asyncio.sleep(0.5)
            assert await handled() == 1

    async def test_handler_that_keeps_failing_ends_in_the_dead_letter_queue(
        self, settings, channel
    ):
        username = f"fail-{uuid.uuid4().hex[:6]}"
        event = _registered(username)
        async with running_worker(Worker(settings, subscriber=subscriber)):
            exchange = await declare_exchange(channel, settings.events_exchange)
            await exchange.publish(
                aio_pika.Message(Envelope.wrap(event).model_dump_json().encode()),
                routing_key=event.routing_key,
            )
            topology = Topology(settings.events_exchange, settings.queue_name)
            dead = await channel.declare_queue(
                topology.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
            )

            async def parked():
                message = await dead.get(fail=False)
                if message is not None:
                    await message.ack()
                return message

            message = await wait_for(parked, timeout=20)
        assert Envelope.model_validate_json(message.body).data["username"] == username
        assert failures[username] == settings.consumer_max_attempts

    async def test_parked_event_is_visible_and_replayed_once_fixed(
        self, settings, sessionmaker, channel
    ):
        username = f"fail-{uuid.uuid4().hex[:6]}"
        event = _registered(username)
        topology = Topology(settings.events_exchange, settings.queue_name)
        async with running_worker(Worker(settings, subscriber=subscriber)):
            exchange = await declare_exchange(channel, settings.events_exchange)
            await exchange.publish(
                aio_pika.Message(Envelope.wrap(event).model_dump_json().encode()),
                routing_key=event.routing_key,
            )

            async def parked():
                summary = await dead_letters.inspect(AMQP, topology)
                return summary if summary.count == 1 else None

            summary = await wait_for(parked, timeout=20)
            assert summary.by_type == {"auth.user.registered": 1}

            healed.add(username)
            assert await dead_letters.replay(AMQP, topology) == 1

            async def handled():
                async with sessionmaker() as session:
                    return await session.scalar(
                        select(Greeting.count).where(Greeting.user_id == event.user_id)
                    )

            assert await wait_for(handled) == 1
        assert (await dead_letters.inspect(AMQP, topology)).count == 0
