"""Events nobody subscribes to are counted and never pile up; the inbox recognises an event
already handled by its handler's stable name, not its Python name (issue 8, item 14)."""

import uuid

import aio_pika
import httpx
from sampleapp.app import Greeting

from common.events.auth import UserRegistered
from common.events.base import Envelope
from common.messaging.consumer import InboxProcessor, Subscriber
from common.messaging.topology import declare_exchange, unrouted_queue_arguments
from common.messaging.unrouted import UNROUTED
from common.messaging.worker import Worker
from common.testing import free_port, running_worker, wait_for

AMQP = "amqp://guest:guest@127.0.0.1:5672/"


async def test_unrouted_events_are_counted_and_drained(settings):
    key = f"sample.nobody.listened{uuid.uuid4().hex[:6]}"
    before = UNROUTED.labels(key)._value.get()
    port = free_port()
    worker = Worker(settings.model_copy(update={"worker_metrics_port": port}))
    connection = await aio_pika.connect_robust(AMQP)
    async with connection, running_worker(worker):
        channel = await connection.channel()
        exchange = await declare_exchange(channel, settings.events_exchange)
        for _ in range(25):
            await exchange.publish(aio_pika.Message(b'{"id": "x"}'), routing_key=key)

        async def counted():
            return UNROUTED.labels(key)._value.get() - before == 25

        assert await wait_for(counted, timeout=20)
        queue = await channel.declare_queue(
            f"{settings.events_exchange}.unrouted",
            durable=True,
            arguments=unrouted_queue_arguments(),
        )
        assert queue.declaration_result.message_count == 0
        async with httpx.AsyncClient() as http:
            scraped = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
        assert f'events_unrouted_total{{routing_key="{key}"}} 25.0' in scraped


def _subscriber(function_name: str, *, name: str | None = None) -> Subscriber:
    subscriber = Subscriber()

    async def handler(event: UserRegistered, session) -> None:
        session.add(Greeting(user_id=event.user_id))

    handler.__qualname__ = function_name
    subscriber.on(UserRegistered, name=name)(handler)
    return subscriber


async def test_renaming_a_handler_does_not_run_a_redelivered_event_again(sessionmaker):
    event = UserRegistered(
        user_id=uuid.uuid4(), email="ren@example.com", username="ren", role="buyer"
    )
    body = Envelope.wrap(event).model_dump_json().encode()
    assert await InboxProcessor(_subscriber("on_user_registered"), sessionmaker).process(body)
    renamed = InboxProcessor(_subscriber("greet_new_user"), sessionmaker)
    assert await renamed.process(body) is False


async def test_an_explicit_new_name_is_a_new_consumer(sessionmaker):
    event = UserRegistered(
        user_id=uuid.uuid4(), email="twice@example.com", username="twice", role="buyer"
    )
    body = Envelope.wrap(event).model_dump_json().encode()
    assert await InboxProcessor(_subscriber("a"), sessionmaker).process(body)
    second = InboxProcessor(_subscriber("a", name="greetings-v2"), sessionmaker)
    assert await second.process(body) is True


async def test_deeply_nested_event_body_is_poison_not_a_crash(sessionmaker):
    import pytest

    from common.messaging.consumer import PoisonMessage

    body = b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(PoisonMessage):
        await InboxProcessor(_subscriber("a"), sessionmaker).process(body)
