"""Fixtures for the orders suite: a real database and broker (common.testing.plugin), and
``shop``, a helper that feeds catalog and payments events through the real inbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
import uvicorn
from fastapi import FastAPI, Header, HTTPException, Query

from common.events.base import Envelope, Event
from common.events.catalog import (
    ProductCreated,
    ReservedLine,
    StockRejected,
    StockReleased,
    StockReserved,
)
from common.events.payments import PaymentFailed, PaymentSucceeded, RefundSucceeded
from common.messaging.consumer import InboxProcessor
from common.testing import ServiceSpec, outbox_events
from orders.handlers import subscriber
from orders.main import create_app
from orders.settings import DEV_INTERNAL_TOKEN, Settings

ADDRESS = {
    "name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
}


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="orders",
        directory=Path(__file__).parent.parent,
        settings_cls=Settings,
        app_factory=create_app,
    )


class Shop:
    """Drives the service like its neighbours do: catalog and payments events in, HTTP calls."""

    def __init__(self, client: Any, tokens: Any, sessionmaker: Any) -> None:
        self.client = client
        self.tokens = tokens
        self.sessionmaker = sessionmaker
        self.processor = InboxProcessor(subscriber, sessionmaker)
        self.address = dict(ADDRESS)
        self.buyer = uuid.uuid4()
        self.seller = uuid.uuid4()
        self._headers: dict[tuple[uuid.UUID, str], dict[str, str]] = {}

    def headers(self, user_id: uuid.UUID | None = None, role: str = "buyer") -> dict[str, str]:
        """Bearer headers for a user and role, as the auth service would issue them."""
        key = (user_id or self.buyer, role)
        if key not in self._headers:
            self._headers[key] = self.tokens.headers(*key)
        return dict(self._headers[key])

    @property
    def seller_headers(self) -> dict[str, str]:
        return self.headers(self.seller, "seller")

    @property
    def admin_headers(self) -> dict[str, str]:
        return self.headers(uuid.uuid4(), "admin")

    async def deliver(self, event: Event, *, occurred_at: dt.datetime | None = None) -> bool:
        envelope = Envelope.wrap(event, occurred_at=occurred_at)
        return await self.processor.process(envelope.model_dump_json().encode())

    async def product(
        self,
        *,
        price: int = 1000,
        currency: str = "USD",
        name: str | None = None,
        seller: uuid.UUID | None = None,
        available: int = 10,
    ) -> uuid.UUID:
        product_id = uuid.uuid4()
        await self.deliver(
            ProductCreated(
                product_id=product_id,
                seller_id=seller or self.seller,
                name=name or f"Product {product_id.hex[:6]}",
                description="",
                price=price,
                currency=currency,
                stock=available,
                available=available,
            )
        )
        return product_id

    async def place(self, *items: tuple[uuid.UUID, int], **extra: Any) -> dict[str, Any]:
        body = {
            "items": [{"product_id": str(p), "quantity": q} for p, q in items],
            "shipping_address": ADDRESS,
        }
        response = await self.client.post(
            "/orders", json=body, headers=extra.get("headers") or self.headers()
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def order(self, order_id: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = await self.client.get(f"/orders/{order_id}", headers=headers or self.headers())
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def reserve(
        self,
        order: dict[str, Any],
        *,
        revision: int = 1,
        prices: dict[uuid.UUID, int] | None = None,
        expires_in: dt.timedelta = dt.timedelta(minutes=30),
        lines: list[dict[str, Any]] | None = None,
    ) -> bool:
        """The catalog's StockReserved for ``lines`` (default: the order's current lines)."""
        reserved = [
            ReservedLine(
                product_id=line["product_id"],
                seller_id=line["seller_id"],
                name=line["name"],
                quantity=line["quantity"],
                unit_price=(prices or {}).get(uuid.UUID(line["product_id"]), line["unit_price"]),
                currency=order["currency"],
            )
            for line in lines or order["lines"]
        ]
        return await self.deliver(
            StockReserved(
                order_id=order["id"],
                user_id=order["user_id"],
                revision=revision,
                lines=reserved,
                currency=order["currency"],
                total=sum(line.quantity * line.unit_price for line in reserved),
                expires_at=dt.datetime.now(dt.UTC) + expires_in,
            )
        )

    async def reject(self, order: dict[str, Any], *, revision: int = 1) -> bool:
        return await self.deliver(
            StockRejected(
                order_id=order["id"],
                user_id=order["user_id"],
                revision=revision,
                code="out_of_stock",
                reason="Only 0 left of Product.",
                product_id=order["lines"][0]["product_id"],
            )
        )

    async def release(
        self, order: dict[str, Any], reason: Literal["cancelled", "expired"] = "expired"
    ) -> bool:
        return await self.deliver(
            StockReleased(order_id=order["id"], user_id=order["user_id"], reason=reason)
        )

    async def pay(
        self, order: dict[str, Any], *, amount: int | None = None, captured: int | None = None
    ) -> uuid.UUID:
        payment_id = uuid.uuid4()
        amount = order["total"] if amount is None else amount
        await self.deliver(
            PaymentSucceeded(
                payment_id=payment_id,
                user_id=order["user_id"],
                order_id=order["id"],
                amount=amount,
                currency=order["currency"],
                captured_amount=amount if captured is None else captured,
            )
        )
        return payment_id

    async def fail_payment(self, order: dict[str, Any]) -> bool:
        return await self.deliver(
            PaymentFailed(
                payment_id=uuid.uuid4(),
                user_id=order["user_id"],
                order_id=order["id"],
                amount=order["total"],
                currency=order["currency"],
                failure_code="card_declined",
                failure_message="Your card was declined.",
            )
        )

    async def refund(
        self, order: dict[str, Any], payment_id: uuid.UUID, *, amount: int, total: int
    ) -> bool:
        return await self.deliver(
            RefundSucceeded(
                refund_id=uuid.uuid4(),
                payment_id=payment_id,
                user_id=order["user_id"],
                order_id=order["id"],
                amount=amount,
                currency=order["currency"],
                total_refunded=total,
                captured_amount=order["total"],
                fully_refunded=total >= order["total"],
            )
        )

    async def awaiting_payment(self, *items: tuple[uuid.UUID, int]) -> dict[str, Any]:
        order = await self.place(*items)
        await self.reserve(order)
        return await self.order(order["id"])

    async def paid(self, *items: tuple[uuid.UUID, int]) -> tuple[dict[str, Any], uuid.UUID]:
        order = await self.awaiting_payment(*items)
        payment_id = await self.pay(order)
        return await self.order(order["id"]), payment_id

    async def events(self, routing_key: str | None = None) -> list[Envelope]:
        async with self.sessionmaker() as session:
            return await outbox_events(session, routing_key)


@dataclass
class CatalogStandIn:
    """The catalog's internal product lookup, answering from ``products`` (what the catalog
    knows that the read model may not have heard of yet)."""

    url: str = ""
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    asked: list[list[str]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/internal/products")
        async def products(
            ids: list[str] = Query(), x_internal_token: str = Header(default="")
        ) -> dict[str, Any]:
            if x_internal_token != DEV_INTERNAL_TOKEN:
                raise HTTPException(401)
            self.asked.append(ids)
            return {"items": [self.products[i] for i in ids if i in self.products]}

        return app

    def add(self, *, price: int = 700, archived: bool = False, **extra: Any) -> uuid.UUID:
        product_id = uuid.uuid4()
        self.products[str(product_id)] = {
            "id": str(product_id),
            "seller_id": str(uuid.uuid4()),
            "name": f"Fresh {product_id.hex[:6]}",
            "description": "",
            "price": price,
            "currency": "usd",
            "stock": 5,
            "reserved": 0,
            "available": 5,
            "archived": archived,
            **extra,
        }
        return product_id


@pytest.fixture(scope="session")
async def catalog() -> AsyncIterator[CatalogStandIn]:
    stand_in = CatalogStandIn()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(stand_in.app(), log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    stand_in.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    yield stand_in
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
def app(service_spec, settings, tokens, catalog) -> FastAPI:
    """The orders app asking the catalog stand-in about products its read model lacks."""
    return create_app(
        settings.model_copy(update={"catalog_url": catalog.url}),
        key_provider=tokens.key_provider(),
    )


@pytest.fixture
async def shop(client, tokens, sessionmaker) -> Shop:
    return Shop(client, tokens, sessionmaker)
