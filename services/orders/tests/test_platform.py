"""Wiring: gateway-style paths, the idempotency in-flight answer, migrations without drift,
and the worker on the real broker."""

import asyncio
import datetime as dt
import uuid
from pathlib import Path

import aio_pika
import pytest
from alembic import command
from sqlalchemy import text

from common.events.base import Envelope
from common.events.catalog import ProductCreated, ReservedLine, StockReserved
from common.messaging.topology import declare_exchange
from common.migrations import alembic_config
from common.testing import app_client, running_worker, wait_for
from orders.worker import build_worker

SERVICE_DIR = Path(__file__).parent.parent
AMQP = "amqp://guest:guest@127.0.0.1:5672/"


class TestGatewayPaths:
    async def test_orders_are_served_at_the_root_as_the_gateway_maps_them(self, shop):
        tea = await shop.product()
        body = {
            "items": [{"product_id": str(tea), "quantity": 1}],
            "shipping_address": shop.address,
        }
        placed = await shop.client.post("/", json=body, headers=shop.headers())
        assert placed.status_code == 201
        order_id = placed.json()["id"]
        assert (await shop.client.get(f"/{order_id}", headers=shop.headers())).status_code == 200
        assert (
            await shop.client.get(f"/{order_id}/shipping", headers=shop.headers())
        ).status_code == 200
        listed = (await shop.client.get("/", headers=shop.headers())).json()
        assert [o["id"] for o in listed["items"]] == [order_id]
        assert (await shop.client.get("/cart", headers=shop.headers())).status_code == 200
        assert (await shop.client.get("/healthz")).status_code == 200

    async def test_documented_paths_are_the_gateway_ones(self, shop):
        paths = set((await shop.client.get("/openapi.json")).json()["paths"])
        assert {"/", "/{order_id}", "/{order_id}/cancel", "/{order_id}/shipping", "/cart"} <= paths
        assert not any(path.startswith("/orders") for path in paths)


class TestIdempotencyInFlight:
    @pytest.fixture
    def settings_overrides(self):
        return {"idempotency_wait_seconds": 0.3}

    async def test_same_key_while_the_first_request_holds_it_is_409(self, shop, app, sessionmaker):
        tea = await shop.product()
        body = {
            "items": [{"product_id": str(tea), "quantity": 1}],
            "shipping_address": shop.address,
        }
        async with sessionmaker() as session:
            await session.execute(
                text(
                    "INSERT INTO idempotency_key (caller, key, request_hash) VALUES (:c, 'k', 'h')"
                ),
                {"c": str(shop.buyer)},
            )  # an uncommitted claim, as a first request still running holds it
            async with app_client(app) as client:
                response = await client.post(
                    "/orders", json=body, headers={**shop.headers(), "Idempotency-Key": "k"}
                )
            await session.rollback()
        assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_in_flight")


class TestMigrations:
    async def test_models_and_migrations_have_not_drifted(self, database_url):
        await asyncio.to_thread(command.check, alembic_config(SERVICE_DIR, database_url))


class TestWorkerOnTheBroker:
    @pytest.fixture
    def settings_overrides(self):
        return {"expiry_job_interval_seconds": 0.2}

    async def test_catalog_events_drive_an_order_and_its_events_reach_the_bus(self, shop, settings):
        connection = await aio_pika.connect_robust(AMQP)
        channel = await connection.channel()
        exchange = await declare_exchange(channel, settings.events_exchange)
        tap = await channel.declare_queue(exclusive=True, auto_delete=True)
        await tap.bind(exchange, routing_key="orders.#")

        async def send(event):
            body = Envelope.wrap(event).model_dump_json().encode()
            await exchange.publish(aio_pika.Message(body), routing_key=event.routing_key)

        received: list[Envelope] = []

        async def got(routing_key: str) -> bool:
            while (message := await tap.get(fail=False)) is not None:
                await message.ack()
                received.append(Envelope.model_validate_json(message.body))
            return any(e.type == routing_key for e in received)

        try:
            async with running_worker(build_worker(settings)):
                tea = uuid.uuid4()
                await send(
                    ProductCreated(
                        product_id=tea,
                        seller_id=shop.seller,
                        name="Tea",
                        description="",
                        price=400,
                        currency="USD",
                        stock=3,
                        available=3,
                    )
                )

                async def known():
                    response = await shop.client.post(
                        "/cart/items",
                        json={"product_id": str(tea), "quantity": 1},
                        headers=shop.headers(),
                    )
                    return response.status_code == 201

                await wait_for(known)
                order = await shop.place((tea, 2))
                await wait_for(lambda: got("orders.order.placed"))
                await send(
                    StockReserved(
                        order_id=order["id"],
                        user_id=shop.buyer,
                        currency="USD",
                        total=800,
                        lines=[
                            ReservedLine(
                                product_id=tea,
                                seller_id=shop.seller,
                                name="Tea",
                                quantity=2,
                                unit_price=400,
                                currency="USD",
                            )
                        ],
                        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1),
                    )
                )
                await wait_for(lambda: got("orders.order.confirmed"))
                # the reservation runs out: the worker's expiry job cancels the order
                await wait_for(lambda: got("orders.order.cancelled"), timeout=15)
        finally:
            await connection.close()
        assert (await shop.order(order["id"]))["status"] == "cancelled"
        cancelled = next(e for e in received if e.type == "orders.order.cancelled")
        assert cancelled.data["reason"] == "expired"
