"""A product the read model has not heard of yet is asked of the catalog (issue 8, item 6):
orderable at once, stored as a provisional snapshot the catalog's own events then replace."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from common.events.catalog import ProductCreated
from orders.models import Product


def _order(product_id: uuid.UUID, shop, quantity: int = 2) -> dict:
    return {
        "items": [{"product_id": str(product_id), "quantity": quantity}],
        "shipping_address": shop.address,
    }


async def test_a_product_only_the_catalog_knows_is_ordered(shop, catalog):
    product_id = catalog.add(price=700)
    response = await shop.client.post("/", json=_order(product_id, shop), headers=shop.headers())
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["total"] == 1400
    assert order["lines"][0]["name"] == catalog.products[str(product_id)]["name"]
    assert [str(product_id)] in catalog.asked


async def test_a_product_only_the_catalog_knows_goes_into_the_cart(shop, catalog):
    product_id = catalog.add()
    response = await shop.client.post(
        "/cart/items", json={"product_id": str(product_id), "quantity": 1}, headers=shop.headers()
    )
    assert response.status_code == 201, response.text


async def test_the_creation_event_replaces_the_provisional_snapshot(shop, catalog, sessionmaker):
    product_id = catalog.add(price=700)
    await shop.client.post("/", json=_order(product_id, shop), headers=shop.headers())
    seller = uuid.UUID(catalog.products[str(product_id)]["seller_id"])
    assert await shop.deliver(
        ProductCreated(
            product_id=product_id,
            seller_id=seller,
            name="Renamed since",
            description="",
            price=900,
            currency="USD",
            stock=5,
            available=3,
        )
    )
    async with sessionmaker() as session:
        product = await session.scalar(select(Product).where(Product.id == product_id))
    assert (product.name, product.price, product.available) == ("Renamed since", 900, 3)


async def test_archived_or_unknown_at_the_catalog_is_still_unavailable(shop, catalog):
    for product_id in (catalog.add(archived=True), uuid.uuid4()):
        response = await shop.client.post(
            "/", json=_order(product_id, shop), headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "product_unavailable")


async def test_a_known_product_does_not_ask_the_catalog(shop, catalog):
    product_id = await shop.product()
    catalog.asked.clear()
    response = await shop.client.post("/", json=_order(product_id, shop), headers=shop.headers())
    assert response.status_code == 201
    assert catalog.asked == []


async def test_stock_beyond_32_bits_in_the_read_model(shop):
    product_id = await shop.product(available=3_000_000_000)
    response = await shop.client.post("/", json=_order(product_id, shop), headers=shop.headers())
    assert response.status_code == 201


async def test_an_order_total_beyond_64_bits_is_422(shop):
    product_id = await shop.product(price=2**62)
    response = await shop.client.post(
        "/", json=_order(product_id, shop, quantity=4), headers=shop.headers()
    )
    assert (response.status_code, response.json()["code"]) == (422, "order_total_too_large")
