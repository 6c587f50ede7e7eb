"""The worker process as deployed: its queue binds every routing key (``#``) on the real
broker, fans events out and sends them; its own events travel through its outbox."""

from __future__ import annotations

import datetime as dt
import uuid

import aio_pika
from sqlalchemy import update
from standardwebhooks.webhooks import Webhook

from common.events.base import Envelope
from common.events.orders import OrderShipped
from common.testing import running_worker, wait_for
from services.webhooks.tests.support import Answer
from webhooks.handlers import subscriber
from webhooks.models import Delivery
from webhooks.repository import deliveries
from webhooks.worker import build_worker


async def _publish(settings, envelope: Envelope) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(settings.events_exchange)
        await exchange.publish(
            aio_pika.Message(envelope.model_dump_json().encode(), message_id=str(envelope.id)),
            routing_key=envelope.type,
        )


def test_the_queue_binds_every_routing_key():
    assert subscriber.routing_keys == ["#"]


async def test_events_from_the_bus_reach_the_endpoint(hooks, receiver, settings):
    ada, headers = hooks.user()
    endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
    async with running_worker(build_worker(settings)):
        shipped = OrderShipped(order_id=uuid.uuid4(), user_id=ada, carrier="DHL")
        await _publish(settings, Envelope.wrap(shipped, subject_user_ids=[ada]))
        # A producer newer than this service's catalog: still delivered to "*" endpoints.
        newer = Envelope(
            type="billing.charge.succeeded",
            version=1,
            occurred_at=dt.datetime.now(dt.UTC),
            producer="billing",
            subject_user_ids=[ada],
            data={"charge_id": str(uuid.uuid4()), "subscription_id": str(uuid.uuid4())},
        )
        await _publish(settings, newer)
        requests = await wait_for(lambda: _two(receiver.to("/hooks")), timeout=15)
    types = sorted(Webhook(endpoint["secret"]).verify(r.body, r.headers)["type"] for r in requests)
    assert types == ["billing.charge.succeeded", "orders.order.shipped"]


async def test_an_endpoint_disabled_event_goes_out_through_the_outbox(hooks, receiver, settings):
    ada, headers = hooks.user()
    receiver.script("/gone", Answer(410))
    await hooks.endpoint(headers, receiver.url("/gone"), ["orders.*"])
    told = await hooks.endpoint(headers, receiver.url("/hooks"), ["webhooks.*"])
    async with running_worker(build_worker(settings)):
        shipped = OrderShipped(order_id=uuid.uuid4(), user_id=ada)
        await _publish(settings, Envelope.wrap(shipped, subject_user_ids=[ada]))
        (request,) = await wait_for(lambda: _one(receiver.to("/hooks")), timeout=15)
    body = Webhook(told["secret"]).verify(request.body, request.headers)
    assert body["type"] == "webhooks.endpoint.disabled"
    assert body["data"]["reason"] == "gone"


async def _two(items):
    return items if len(items) >= 2 else None


async def _one(items):
    return items if items else None


async def test_old_finished_deliveries_are_purged(hooks, sessionmaker):
    ada, headers = hooks.user()
    await hooks.endpoint(headers, "http://127.0.0.1:9/hooks")
    for _ in range(3):
        await hooks.publish(OrderShipped(order_id=uuid.uuid4(), user_id=ada), ada)
    old, recent, waiting = await hooks.deliveries()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    async with sessionmaker.begin() as session:
        for delivery, status, updated_at in (
            (old, "succeeded", long_ago),
            (recent, "failed", dt.datetime.now(dt.UTC)),
            (waiting, "pending", long_ago),
        ):
            await session.execute(
                update(Delivery)
                .where(Delivery.id == delivery.id)
                .values(status=status, updated_at=updated_at)
            )
    async with sessionmaker.begin() as session:
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        assert await deliveries.purge_finished(session, before=cutoff) == 1
    assert {d.id for d in await hooks.deliveries()} == {recent.id, waiting.id}
