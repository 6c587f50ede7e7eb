"""The product read model fed by catalog events: ordered by occurred_at, archiving sticks."""

import datetime as dt
import uuid

from common.events.catalog import ProductArchived, ProductCreated, ProductUpdated, StockChanged
from orders.models import Product

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _snapshot(cls, product_id, seller_id, **changes):
    values = {
        "product_id": product_id,
        "seller_id": seller_id,
        "name": "Tea",
        "description": "Green",
        "price": 500,
        "currency": "EUR",
        "stock": 5,
        "available": 5,
        **changes,
    }
    return cls(**values)


async def _product(shop, product_id) -> Product:
    async with shop.sessionmaker() as session:
        return await session.get(Product, product_id)


class TestReadModel:
    async def test_created_then_updated(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(_snapshot(ProductCreated, pid, shop.seller), occurred_at=T0)
        await shop.deliver(
            _snapshot(ProductUpdated, pid, shop.seller, name="Sencha", price=650),
            occurred_at=T0 + dt.timedelta(seconds=1),
        )
        product = await _product(shop, pid)
        assert (product.name, product.description, product.price, product.currency) == (
            "Sencha",
            "Green",
            650,
            "EUR",
        )
        assert not product.archived

    async def test_an_older_update_arriving_late_is_ignored(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(
            _snapshot(ProductCreated, pid, shop.seller, name="New"),
            occurred_at=T0 + dt.timedelta(seconds=5),
        )
        await shop.deliver(
            _snapshot(ProductUpdated, pid, shop.seller, name="Old", available=1), occurred_at=T0
        )
        product = await _product(shop, pid)
        assert (product.name, product.available) == ("New", 5)

    async def test_stock_changes_update_availability_in_order(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(_snapshot(ProductCreated, pid, shop.seller), occurred_at=T0)
        changed = StockChanged(
            product_id=pid, seller_id=shop.seller, stock=9, reserved=2, available=7
        )
        await shop.deliver(changed, occurred_at=T0 + dt.timedelta(seconds=2))
        stale = StockChanged(
            product_id=pid, seller_id=shop.seller, stock=1, reserved=0, available=1
        )
        await shop.deliver(stale, occurred_at=T0 + dt.timedelta(seconds=1))
        assert (await _product(shop, pid)).available == 7

    async def test_a_name_change_older_than_a_stock_change_still_applies(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(_snapshot(ProductCreated, pid, shop.seller), occurred_at=T0)
        changed = StockChanged(
            product_id=pid, seller_id=shop.seller, stock=9, reserved=0, available=9
        )
        await shop.deliver(changed, occurred_at=T0 + dt.timedelta(seconds=2))
        await shop.deliver(
            _snapshot(ProductUpdated, pid, shop.seller, name="Renamed", available=4),
            occurred_at=T0 + dt.timedelta(seconds=1),
        )
        product = await _product(shop, pid)
        assert (product.name, product.available) == ("Renamed", 9)

    async def test_archiving_sticks_even_when_it_overtakes_the_creation(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(
            ProductArchived(product_id=pid, seller_id=shop.seller),
            occurred_at=T0 + dt.timedelta(seconds=5),
        )
        await shop.deliver(_snapshot(ProductCreated, pid, shop.seller), occurred_at=T0)
        product = await _product(shop, pid)
        assert product.archived
        assert product.name == "Tea"

    async def test_stock_change_for_an_unknown_product_is_dropped(self, shop):
        pid = uuid.uuid4()
        await shop.deliver(
            StockChanged(product_id=pid, seller_id=shop.seller, stock=1, reserved=0, available=1)
        )
        assert await _product(shop, pid) is None
