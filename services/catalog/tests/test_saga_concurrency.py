"""The saga under real concurrency and failure: racing orders, and handlers that die mid-way."""

import asyncio
import random
import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from catalog.handlers import create_subscriber
from catalog.models import Product, Reservation, ReservationStatus
from common.db import create_engine, create_sessionmaker
from common.messaging.consumer import InboxProcessor
from common.platform_tables import inbox
from common.testing import wait_for


@pytest.fixture
async def wide_sessionmaker(settings):
    """A pool wide enough that many handlers really hold connections at the same time."""
    engine = create_engine(settings.database_url, pool_size=20, max_overflow=5)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def _held_orders(sessionmaker) -> int:
    async with sessionmaker() as session:
        return await session.scalar(
            select(func.count())
            .select_from(Reservation)
            .where(Reservation.status == ReservationStatus.HELD)
        )


class TestRacingOrders:
    async def test_fifty_orders_for_the_last_ten_units(
        self, saga, create_product, settings, wide_sessionmaker
    ):
        product = await create_product(stock=10)
        processor = InboxProcessor(create_subscriber(settings), wide_sessionmaker)
        orders = [saga.placed([(product["id"], 1)]) for _ in range(50)]
        results = await asyncio.gather(*(processor.process(saga.body(o)) for o in orders))
        assert all(results)

        reserved = await saga.events("catalog.stock.reserved")
        rejected = await saga.events("catalog.stock.rejected")
        assert (len(reserved), len(rejected)) == (10, 40)
        assert {e.data["code"] for e in rejected} == {"out_of_stock"}
        assert len({e.data["order_id"] for e in reserved + rejected}) == 50
        row = await saga.product(product["id"])
        assert (row.stock, row.reserved, row.available) == (10, 10, 0)
        assert await _held_orders(saga.sessionmaker) == 10
        await saga.assert_consistent()

    async def test_orders_listing_products_in_opposite_orders_do_not_deadlock(
        self, saga, create_product, settings, wide_sessionmaker
    ):
        a = await create_product(stock=10)
        b = await create_product(stock=10)
        processor = InboxProcessor(create_subscriber(settings), wide_sessionmaker)
        orders = []
        for _ in range(30):
            lines = [(a["id"], 1), (b["id"], 1)]
            random.shuffle(lines)
            orders.append(saga.placed(lines))
        await asyncio.gather(*(processor.process(saga.body(o)) for o in orders))
        assert len(await saga.events("catalog.stock.reserved")) == 10
        assert len(await saga.events("catalog.stock.rejected")) == 20
        assert await saga.reserved(a["id"], b["id"]) == (10, 10)
        await saga.assert_consistent()


async def _two_products_and_an_order(saga, create_product):
    a = await create_product(stock=5)
    b = await create_product(stock=5)
    first, second = sorted([uuid.UUID(a["id"]), uuid.UUID(b["id"])])
    return first, second, saga.placed([(a["id"], 2), (b["id"], 3)])


async def _lock(session, product_id: uuid.UUID) -> None:
    await session.execute(select(Product.id).where(Product.id == product_id).with_for_update())


async def _assert_nothing_reserved(saga, order) -> None:
    assert await saga.reservation(order.order_id) is None
    assert await saga.events("catalog.stock.reserved") == []
    async with saga.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(inbox)) == 0
        assert await session.scalar(select(func.sum(Product.reserved))) == 0


class TestDyingHandler:
    async def test_a_handler_killed_while_holding_locks_reserves_nothing(
        self, saga, create_product
    ):
        first, second, order = await _two_products_and_an_order(saga, create_product)
        body = saga.body(order)
        async with saga.sessionmaker() as blocker, blocker.begin():
            await _lock(blocker, second)
            task = asyncio.create_task(saga.processor.process(body))

            async def handler_is_waiting_on_the_second_product() -> bool:
                async with saga.sessionmaker() as probe:
                    waiting = await probe.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            " AND datname = current_database()"
                        )
                    )
                return bool(waiting)

            await wait_for(handler_is_waiting_on_the_second_product)
            # The handler already holds the first product's lock: it is mid-reservation.
            async with saga.sessionmaker() as probe, probe.begin():
                with pytest.raises(DBAPIError, match="could not obtain lock"):
                    await probe.execute(
                        select(Product.id).where(Product.id == first).with_for_update(nowait=True)
                    )
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        await _assert_nothing_reserved(saga, order)

        assert await saga.processor.process(body) is True  # the broker redelivers it
        assert sum(await saga.reserved(first, second)) == 5
        assert len(await saga.events("catalog.stock.reserved")) == 1
        await saga.assert_consistent()

    async def test_a_handler_failing_after_locking_reserves_nothing(
        self, saga, create_product, settings
    ):
        first, second, order = await _two_products_and_an_order(saga, create_product)
        body = saga.body(order)
        impatient = create_engine(settings.database_url, lock_timeout_seconds=0.3)
        processor = InboxProcessor(create_subscriber(settings), create_sessionmaker(impatient))
        try:
            async with saga.sessionmaker() as blocker, blocker.begin():
                await _lock(blocker, second)
                with pytest.raises(DBAPIError, match="lock timeout"):
                    await processor.process(body)
            await _assert_nothing_reserved(saga, order)
            assert await processor.process(body) is True
        finally:
            await impatient.dispose()
        assert sum(await saga.reserved(first, second)) == 5
        await saga.assert_consistent()
