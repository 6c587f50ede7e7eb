"""The consumer handles what the prefetch delivered as one transaction (issue 11), with the
semantics of one transaction per event: exactly-once effects, only a failing event retried or
dead-lettered, each handler with its own envelope and correlation id, a lone event at once."""

import asyncio
import time
import uuid
from collections import Counter

import aio_pika
import pytest
from sampleapp.app import Greeting
from sqlalchemy import select, text, update

from common.events.auth import UserRegistered
from common.events.base import Envelope
from common.messaging.consumer import InboxProcessor, Subscriber, current_envelope
from common.messaging.context import correlation_id
from common.messaging.topology import Topology, declare_service_queue
from common.messaging.worker import Worker
from common.metrics import EVENTS_CONSUMED
from common.testing import running_worker, wait_for

AMQP = "amqp://guest:guest@127.0.0.1:5672/"
KEY = UserRegistered.routing_key


class Greeter:
    """A subscriber counting greetings per user (a second effect would count 2), recording
    each handler call's transaction, and failing for chosen users a chosen number of calls."""

    def __init__(self) -> None:
        self.subscriber = Subscriber()
        self.calls: Counter[str] = Counter()
        self.fail_calls: dict[str, int] = {}
        self.transactions: dict[str, list[int]] = {}
        self.seen_context: dict[str, tuple[uuid.UUID | None, str | None]] = {}
        self.subscriber.on(UserRegistered)(self.greet)

    async def greet(self, event: UserRegistered, session) -> None:
        name = event.username
        self.calls[name] += 1
        envelope = current_envelope.get()
        self.seen_context[name] = (envelope.id if envelope else None, correlation_id.get())
        txid = await session.scalar(text("SELECT txid_current()"))
        self.transactions.setdefault(name, []).append(txid)
        if self.calls[name] <= self.fail_calls.get(name, 0):
            raise RuntimeError(f"{name} fails")
        updated = await session.execute(
            update(Greeting)
            .where(Greeting.user_id == event.user_id)
            .values(count=Greeting.count + 1)
        )
        if not getattr(updated, "rowcount", 0):
            session.add(Greeting(user_id=event.user_id))


def _event(username: str, user_id: uuid.UUID | None = None) -> Envelope:
    return Envelope.wrap(
        UserRegistered(
            user_id=user_id or uuid.uuid4(),
            email=f"{username}@example.com",
            username=username,
            role="buyer",
        ),
        correlation_id=f"corr-{username}",
    )


async def _counts(sessionmaker, envelopes: list[Envelope]) -> dict[str, int]:
    ids = {uuid.UUID(str(e.data["user_id"])): e.data["username"] for e in envelopes}
    async with sessionmaker() as session:
        rows = await session.execute(
            select(Greeting.user_id, Greeting.count).where(Greeting.user_id.in_(ids))
        )
        return {ids[user_id]: count for user_id, count in rows}


def _consumed(outcome: str) -> float:
    return EVENTS_CONSUMED.labels(KEY, outcome)._value.get()


class TestProcessBatch:
    """:meth:`InboxProcessor.process_batch` straight on the database."""

    async def test_duplicates_in_one_batch_and_across_batches_have_one_effect(self, sessionmaker):
        greeter = Greeter()
        processor = InboxProcessor(greeter.subscriber, sessionmaker)
        a, b = _event("a"), _event("b")
        da, db = (
            processor.parse(a.model_dump_json().encode()),
            processor.parse(b.model_dump_json().encode()),
        )
        assert await processor.process_batch([da, da, db, da]) == [True, False, True, False]
        assert await processor.process_batch([db, da]) == [False, False]
        assert await _counts(sessionmaker, [a, b]) == {"a": 1, "b": 1}
        assert greeter.calls == {"a": 1, "b": 1}

    async def test_each_handler_sees_the_earlier_ones_writes_and_its_own_context(
        self, sessionmaker
    ):
        greeter = Greeter()
        processor = InboxProcessor(greeter.subscriber, sessionmaker)
        user = uuid.uuid4()
        first, second = _event("first", user), _event("second", user)
        batch = [processor.parse(e.model_dump_json().encode()) for e in (first, second)]
        assert await processor.process_batch(batch) == [True, True]
        async with sessionmaker() as session:
            counts = (
                await session.scalars(select(Greeting.count).where(Greeting.user_id == user))
            ).all()
        assert counts == [2]  # the second handler found the first one's row
        assert greeter.transactions["first"] == greeter.transactions["second"]  # one batch
        assert greeter.seen_context == {
            "first": (first.id, "corr-first"),
            "second": (second.id, "corr-second"),
        }
        assert current_envelope.get() is None
        assert correlation_id.get() is None

    async def test_a_failing_handler_rolls_the_whole_batch_back(self, sessionmaker):
        greeter = Greeter()
        greeter.fail_calls["bad"] = 1
        processor = InboxProcessor(greeter.subscriber, sessionmaker)
        events = [_event("ok"), _event("bad"), _event("after")]
        batch = [processor.parse(e.model_dump_json().encode()) for e in events]
        with pytest.raises(RuntimeError, match="bad fails"):
            await processor.process_batch(batch)
        assert await _counts(sessionmaker, events) == {}
        assert await processor.process_batch(batch) == [True, True, True]
        assert await _counts(sessionmaker, events) == {"ok": 1, "bad": 1, "after": 1}


@pytest.fixture
async def exchange(settings):
    """The service queue declared (as the worker declares it) before the worker starts, so
    events published now wait for it and arrive together: a batch."""
    connection = await aio_pika.connect_robust(AMQP)
    channel = await connection.channel()
    topology = Topology(
        settings.events_exchange, settings.queue_name, settings.consumer_max_attempts
    )
    await declare_service_queue(channel, topology, [KEY])
    yield await channel.get_exchange(settings.events_exchange)
    await connection.close()


async def _publish(exchange, envelopes: list[Envelope]) -> None:
    for envelope in envelopes:
        body = envelope.model_dump_json().encode()
        await exchange.publish(aio_pika.Message(body), routing_key=envelope.type)


async def _queue_is_settled(settings) -> None:
    """Nothing left in the queue once the worker has stopped (its unacked deliveries would be
    back): every delivery was acked or rejected exactly once."""
    connection = await aio_pika.connect(AMQP)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(settings.queue_name, passive=True)
        assert queue.declaration_result.message_count == 0


async def _dead_letters(settings) -> list[Envelope]:
    topology = Topology(settings.events_exchange, settings.queue_name)
    connection = await aio_pika.connect(AMQP)
    found = []
    async with connection:
        channel = await connection.channel()
        dead = await channel.declare_queue(
            topology.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        while (message := await dead.get(fail=False)) is not None:
            await message.ack()
            found.append(Envelope.model_validate_json(message.body))
    return found


class TestBatchesOnTheBroker:
    async def test_a_failing_event_in_a_batch_is_the_only_one_retried(
        self, settings, sessionmaker, exchange
    ):
        greeter = Greeter()
        greeter.fail_calls["middle"] = 2  # in the batch, then alone: retried once, then fine
        names = [f"u{i}" for i in range(15)] + ["middle"] + [f"v{i}" for i in range(15)]
        envelopes = [_event(name) for name in names]
        retried, handled = _consumed("retried"), _consumed("handled")
        await _publish(exchange, envelopes)
        async with running_worker(Worker(settings, subscriber=greeter.subscriber)):

            async def all_greeted():
                return len(await _counts(sessionmaker, envelopes)) == len(names)

            await wait_for(all_greeted, timeout=30)
            await asyncio.sleep(0.3)
        assert await _counts(sessionmaker, envelopes) == dict.fromkeys(names, 1)
        assert greeter.calls["middle"] == 3
        assert _consumed("retried") - retried == 1
        assert _consumed("handled") - handled == len(names)
        first_try = greeter.transactions["middle"][0]
        in_batch = [name for name, txids in greeter.transactions.items() if first_try in txids]
        assert len(in_batch) > 1, "the failing event was not in a batch"
        assert len(greeter.transactions["middle"]) == 3
        await _queue_is_settled(settings)

    async def test_duplicates_through_the_broker_within_and_across_batches_apply_once(
        self, settings, sessionmaker, exchange
    ):
        greeter = Greeter()
        twice = _event("twice")
        others = [_event(f"o{i}") for i in range(10)]
        duplicates = _consumed("duplicate")
        await _publish(exchange, [twice, *others[:5], twice, *others[5:], twice])
        async with running_worker(Worker(settings, subscriber=greeter.subscriber)):

            async def all_greeted():
                return len(await _counts(sessionmaker, [twice, *others])) == 11

            await wait_for(all_greeted, timeout=30)
            await _publish(exchange, [twice])  # a later batch

            async def all_duplicates_seen():
                return _consumed("duplicate") - duplicates == 3

            await wait_for(all_duplicates_seen, timeout=10)
        counts = await _counts(sessionmaker, [twice, *others])
        assert set(counts.values()) == {1}
        assert greeter.calls["twice"] == 1
        await _queue_is_settled(settings)

    async def test_an_event_that_keeps_failing_in_a_batch_is_dead_lettered_alone(
        self, settings, sessionmaker, exchange
    ):
        greeter = Greeter()
        greeter.fail_calls["doomed"] = 1_000
        names = [f"a{i}" for i in range(10)] + ["doomed"] + [f"b{i}" for i in range(10)]
        envelopes = [_event(name) for name in names]
        dead_lettered, retried = _consumed("dead_lettered"), _consumed("retried")
        await _publish(exchange, envelopes)
        async with running_worker(Worker(settings, subscriber=greeter.subscriber)):

            async def parked():
                return _consumed("dead_lettered") - dead_lettered == 1

            await wait_for(parked, timeout=30)
        attempts = settings.consumer_max_attempts
        assert _consumed("retried") - retried == attempts - 1
        # Its first attempt ran in the batch and then alone; each retry alone.
        assert greeter.calls["doomed"] in (attempts, attempts + 1)
        assert [e.data["username"] for e in await _dead_letters(settings)] == ["doomed"]
        counts = await _counts(sessionmaker, envelopes)
        assert counts == {name: 1 for name in names if name != "doomed"}
        await _queue_is_settled(settings)

    async def test_a_single_event_on_an_idle_queue_is_handled_at_once(
        self, settings, sessionmaker, exchange
    ):
        greeter = Greeter()
        async with running_worker(Worker(settings, subscriber=greeter.subscriber)):
            await asyncio.sleep(0.5)  # idle
            lone = _event("lone")
            started = time.monotonic()
            await _publish(exchange, [lone])

            async def greeted():
                return await _counts(sessionmaker, [lone]) == {"lone": 1}

            await wait_for(greeted, timeout=10, interval=0.01)
            elapsed = time.monotonic() - started
        assert elapsed < 1.0, f"a lone event waited {elapsed:.2f} s"
