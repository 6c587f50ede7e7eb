"""The catalog worker on the real broker: order events in, stock events out through the relay."""

import asyncio
import datetime as dt
from contextlib import asynccontextmanager

import aio_pika
import pytest

from catalog.worker import build_worker
from common.events.base import Envelope
from common.messaging.topology import Topology, declare_exchange, declare_service_queue
from common.testing import running_worker, wait_for


@asynccontextmanager
async def _bus(channel, settings):
    """The worker's queue declared up front (so nothing published early goes unrouted), a tap
    on every catalog.stock event, and the test's queues removed afterwards."""
    worker = build_worker(settings)
    topology = Topology(
        settings.events_exchange, settings.queue_name, settings.consumer_max_attempts
    )
    await declare_service_queue(channel, topology, worker.subscriber.routing_keys)
    exchange = await declare_exchange(channel, settings.events_exchange)
    tap = await channel.declare_queue(exclusive=True, auto_delete=True)
    await tap.bind(exchange, routing_key="catalog.stock.*")
    try:
        async with running_worker(worker):
            yield exchange, tap
    finally:
        for queue in (topology.queue, topology.dead_letter_queue, topology.unrouted):
            await channel.queue_delete(queue)
        for name in (topology.exchange, topology.unrouted, topology.dead_letter_exchange):
            await channel.exchange_delete(name)


async def _receive(tap, routing_key: str) -> Envelope:
    async def probe():
        message = await tap.get(fail=False)
        if message is None:
            return None
        await message.ack()
        envelope = Envelope.model_validate_json(message.body)
        return envelope if envelope.type == routing_key else None

    return await wait_for(probe, timeout=10)


async def _publish(exchange, event) -> None:
    body = Envelope.wrap(event).model_dump_json().encode()
    await exchange.publish(aio_pika.Message(body), routing_key=event.routing_key)


class TestExpiryOnTheBroker:
    @pytest.fixture
    def settings_overrides(self):
        return {"reservation_ttl": dt.timedelta(seconds=1), "expiry_interval_seconds": 0.2}

    async def test_order_placed_on_the_bus_is_reserved_then_expires(
        self, settings, channel, saga, create_product
    ):
        product = await create_product(stock=4)
        order = saga.placed([(product["id"], 3)])
        async with _bus(channel, settings) as (exchange, tap):
            await _publish(exchange, order)
            reserved = await _receive(tap, "catalog.stock.reserved")
            assert reserved.data["order_id"] == str(order.order_id)
            assert reserved.data["total"] == 3 * product["price"]
            [queued] = await saga.events("catalog.stock.reserved")
            assert queued.id == reserved.id

            released = await _receive(tap, "catalog.stock.released")
        assert released.data["reason"] == "expired"
        assert (await saga.product(product["id"])).reserved == 0


class TestSaleOnTheBroker:
    async def test_duplicate_and_paid_deliveries_on_the_bus(
        self, settings, channel, saga, create_product
    ):
        product = await create_product(stock=4)
        order = saga.placed([(product["id"], 3)])
        async with _bus(channel, settings) as (exchange, tap):
            body = Envelope.wrap(order).model_dump_json().encode()
            for _ in range(2):
                await exchange.publish(aio_pika.Message(body), routing_key=order.routing_key)
            await _receive(tap, "catalog.stock.reserved")
            await _publish(exchange, saga.paid(order))

            async def sold():
                row = await saga.product(product["id"])
                return (row.stock, row.reserved) == (1, 0)

            await wait_for(sold)
            await asyncio.sleep(0.3)
        assert len(await saga.events("catalog.stock.reserved")) == 1
        assert (await saga.product(product["id"])).stock == 1
