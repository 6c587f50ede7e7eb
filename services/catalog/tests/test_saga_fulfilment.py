"""OrderPaid and OrderCancelled through the inbox, and the expiry of unpaid holds."""

import asyncio
import datetime as dt

from sqlalchemy import update

from catalog.models import Reservation, ReservationStatus
from catalog.worker import expire_reservations_job


async def _hold(saga, create_product, *, stock: int = 5, quantity: int = 2):
    product = await create_product(stock=stock)
    order = saga.placed([(product["id"], quantity)])
    await saga.deliver(order)
    return product, order


async def _expire_all(saga) -> None:
    async with saga.sessionmaker.begin() as session:
        await session.execute(
            update(Reservation)
            .where(Reservation.status == ReservationStatus.HELD)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )


class TestPaid:
    async def test_payment_turns_the_hold_into_a_sale(self, saga, create_product):
        product, order = await _hold(saga, create_product)
        await saga.deliver(saga.paid(order))
        row = await saga.product(product["id"])
        assert (row.stock, row.reserved, row.available) == (3, 0, 3)
        assert (await saga.reservation(order.order_id)).status == ReservationStatus.SOLD
        last = (await saga.events("catalog.stock.changed"))[-1].data
        assert (last["stock"], last["reserved"]) == (3, 0)

    async def test_paid_twice_sells_once(self, saga, create_product):
        product, order = await _hold(saga, create_product)
        await saga.deliver(saga.paid(order))
        await saga.deliver(saga.paid(order))
        assert (await saga.product(product["id"])).stock == 3

    async def test_paid_for_an_unknown_order_does_nothing(self, saga, create_product):
        product = await create_product(stock=5)
        unknown = saga.placed([(product["id"], 1)])
        assert await saga.deliver(saga.paid(unknown)) is True
        assert await saga.reservation(unknown.order_id) is None
        assert await saga.events("catalog.stock.changed") == []


class TestCancelled:
    async def test_cancelling_a_held_order_releases_its_stock(self, saga, create_product):
        product, order = await _hold(saga, create_product)
        await saga.deliver(saga.cancelled(order))
        row = await saga.product(product["id"])
        assert (row.stock, row.reserved) == (5, 0)
        [released] = await saga.events("catalog.stock.released")
        assert released.data == {
            "order_id": str(order.order_id),
            "user_id": str(order.user_id),
            "reason": "cancelled",
        }
        assert (await saga.reservation(order.order_id)).status == ReservationStatus.RELEASED
        await saga.deliver(saga.cancelled(order))
        assert len(await saga.events("catalog.stock.released")) == 1

    async def test_cancelling_a_paid_order_puts_the_units_back(self, saga, create_product):
        product, order = await _hold(saga, create_product)
        await saga.deliver(saga.paid(order))
        await saga.deliver(saga.cancelled(order, was_paid=True))
        row = await saga.product(product["id"])
        assert (row.stock, row.reserved) == (5, 0)
        assert (await saga.reservation(order.order_id)).status == ReservationStatus.RETURNED
        assert await saga.events("catalog.stock.released") == []
        await saga.deliver(saga.cancelled(order, was_paid=True))
        assert (await saga.product(product["id"])).stock == 5

    async def test_cancelling_an_unknown_order_blocks_a_late_placement(self, saga, create_product):
        product = await create_product(stock=5)
        order = saga.placed([(product["id"], 1)])
        assert await saga.deliver(saga.cancelled(order)) is True
        assert await saga.events("catalog.stock.released") == []
        await saga.deliver(order)  # delivered out of order, after the cancellation
        assert (await saga.product(product["id"])).reserved == 0
        assert await saga.events("catalog.stock.reserved") == []

    async def test_after_cancellation_nothing_is_sold(self, saga, create_product):
        product, order = await _hold(saga, create_product)
        await saga.deliver(saga.cancelled(order))
        await saga.deliver(saga.paid(order))
        assert (await saga.product(product["id"])).stock == 5


class TestExpiry:
    async def test_holds_past_their_expiry_are_released(self, saga, create_product, settings):
        product, stale = await _hold(saga, create_product, quantity=2)
        await _expire_all(saga)
        fresh = saga.placed([(product["id"], 1)])
        await saga.deliver(fresh)
        await expire_reservations_job(settings)(saga.sessionmaker)

        assert (await saga.reservation(stale.order_id)).status == ReservationStatus.EXPIRED
        assert (await saga.reservation(fresh.order_id)).status == ReservationStatus.HELD
        assert (await saga.product(product["id"])).reserved == 1
        [released] = await saga.events("catalog.stock.released")
        assert released.data == {
            "order_id": str(stale.order_id),
            "user_id": str(stale.user_id),
            "reason": "expired",
        }
        await saga.deliver(saga.paid(stale))  # too late: nothing left to sell
        assert (await saga.product(product["id"])).stock == 5
        await saga.assert_consistent()

    async def test_concurrent_expiry_jobs_release_each_hold_once(
        self, saga, create_product, settings
    ):
        settings = type(settings)(**{**settings.model_dump(), "expiry_batch_size": 3})
        product = await create_product(stock=50)
        orders = [saga.placed([(product["id"], 2)]) for _ in range(20)]
        await asyncio.gather(*(saga.deliver(order) for order in orders))
        await _expire_all(saga)
        job = expire_reservations_job(settings)
        await asyncio.gather(*(job(saga.sessionmaker) for _ in range(4)))

        released = await saga.events("catalog.stock.released")
        assert sorted(e.data["order_id"] for e in released) == sorted(
            str(o.order_id) for o in orders
        )
        assert (await saga.product(product["id"])).reserved == 0
        await saga.assert_consistent()
