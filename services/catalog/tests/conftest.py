"""Fixtures of the catalog suite: the service spec, product factories and a saga driver that
delivers order events through the real inbox processor."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from catalog.handlers import create_subscriber
from catalog.main import create_app
from catalog.models import Product, Reservation, ReservationLine, ReservationStatus
from catalog.settings import Settings
from common.events.base import Envelope, Event
from common.events.orders import OrderCancelled, OrderPaid, OrderPlaced, PlacedLine
from common.messaging.consumer import InboxProcessor
from common.testing import ServiceSpec, TokenFactory, outbox_events

CreateProduct = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="catalog",
        directory=Path(__file__).resolve().parents[1],
        settings_cls=Settings,
        app_factory=create_app,
    )


@pytest.fixture
def seller_id() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def seller(tokens: TokenFactory, seller_id: uuid.UUID) -> dict[str, str]:
    """Headers of the seller who owns the products ``create_product`` makes."""
    return tokens.headers(seller_id, "seller")


@pytest.fixture
def create_product(client: AsyncClient, seller: dict[str, str]) -> CreateProduct:
    async def create(headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {
            "name": f"Product {uuid.uuid4().hex[:8]}",
            "description": "",
            "price": 1000,
            "currency": "USD",
            "stock": 10,
            **fields,
        }
        response = await client.post("/products", json=body, headers=headers or seller)
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    return create


class SagaDriver:
    """Delivers order events as envelope bytes through the catalog's inbox processor and reads
    back what the catalog did."""

    def __init__(self, processor: InboxProcessor, sessionmaker: async_sessionmaker[AsyncSession]):
        self.processor = processor
        self.sessionmaker = sessionmaker

    @staticmethod
    def body(event: Event) -> bytes:
        return Envelope.wrap(event).model_dump_json().encode()

    @staticmethod
    def placed(
        lines: Sequence[tuple[Any, int]],
        *,
        order_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        revision: int = 1,
        currency: str = "USD",
    ) -> OrderPlaced:
        return OrderPlaced(
            order_id=order_id or uuid.uuid4(),
            user_id=user_id or uuid.uuid4(),
            revision=revision,
            currency=currency,
            lines=[PlacedLine(product_id=uuid.UUID(str(p)), quantity=q) for p, q in lines],
        )

    @staticmethod
    def paid(order: OrderPlaced) -> OrderPaid:
        return OrderPaid(
            order_id=order.order_id,
            user_id=order.user_id,
            payment_id=uuid.uuid4(),
            amount=1,
            currency=order.currency,
            seller_ids=[],
        )

    @staticmethod
    def cancelled(order: OrderPlaced, *, was_paid: bool = False) -> OrderCancelled:
        return OrderCancelled(
            order_id=order.order_id, user_id=order.user_id, reason="test", was_paid=was_paid
        )

    async def deliver(self, event: Event) -> bool:
        return await self.processor.process(self.body(event))

    async def product(self, product_id: Any) -> Product:
        async with self.sessionmaker() as session:
            product = await session.get(Product, uuid.UUID(str(product_id)))
            assert product is not None
            return product

    async def reserved(self, *product_ids: Any) -> tuple[int, ...]:
        """How many units of each product are reserved."""
        return tuple([(await self.product(product_id)).reserved for product_id in product_ids])

    async def reservation(self, order_id: uuid.UUID) -> Reservation | None:
        async with self.sessionmaker() as session:
            return await session.scalar(select(Reservation).where(Reservation.order_id == order_id))

    async def lines(self, order_id: uuid.UUID) -> dict[uuid.UUID, int]:
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(ReservationLine.product_id, ReservationLine.quantity)
                .join(Reservation, Reservation.id == ReservationLine.reservation_id)
                .where(Reservation.order_id == order_id)
            )
            return {row.product_id: row.quantity for row in rows}

    async def events(self, routing_key: str) -> list[Envelope]:
        async with self.sessionmaker() as session:
            return await outbox_events(session, routing_key)

    async def assert_consistent(self) -> None:
        """Every product's ``reserved`` is exactly what its held reservations hold."""
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(ReservationLine.product_id, func.sum(ReservationLine.quantity))
                .join(Reservation, Reservation.id == ReservationLine.reservation_id)
                .where(Reservation.status == ReservationStatus.HELD)
                .group_by(ReservationLine.product_id)
            )
            held = dict(rows.tuples().all())
            for product in await session.scalars(select(Product)):
                assert 0 <= product.reserved <= product.stock
                assert product.reserved == held.get(product.id, 0), product.name


@pytest.fixture
def saga(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> SagaDriver:
    return SagaDriver(InboxProcessor(create_subscriber(settings), sessionmaker), sessionmaker)


@pytest.fixture
async def channel(settings: Settings) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    connection = await aio_pika.connect_robust(settings.amqp_url)
    yield await connection.channel()
    await connection.close()
