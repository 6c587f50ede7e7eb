"""Read your writes across services (issue 8, item 6): a product is orderable the moment its
creation is answered, before the orders read model has heard of it, and stock above 2^31 is
ordinary stock everywhere."""

from __future__ import annotations

import asyncio
import uuid

from tests.e2e.shop import ADDRESS, Shopper


async def _create(gateway, seller, *, stock: int) -> dict:
    response = await gateway.post(
        "/api/catalog/products",
        headers=seller,
        json={
            "name": f"Fresh {uuid.uuid4().hex[:8]}",
            "price": 700,
            "currency": "USD",
            "stock": stock,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_product_is_orderable_as_soon_as_it_is_created(gateway):
    shop = Shopper(gateway)
    seller, buyer = await shop.user("seller"), await shop.user()
    for _ in range(5):
        product = await _create(gateway, seller, stock=5)
        placed = await gateway.post(  # no waiting: the read model has not seen it yet
            "/api/orders",
            headers=buyer,
            json={
                "items": [{"product_id": product["id"], "quantity": 2}],
                "shipping_address": ADDRESS,
            },
        )
        assert placed.status_code == 201, placed.text
        order = await shop.order_in(buyer, placed.json()["id"], "awaiting_payment", "rejected")
        assert order["status"] == "awaiting_payment"
        assert order["total"] == 1400


async def test_a_product_just_created_goes_into_the_cart(gateway):
    shop = Shopper(gateway)
    seller, buyer = await shop.user("seller"), await shop.user()
    product = await _create(gateway, seller, stock=3)
    added = await gateway.post(
        "/api/orders/cart/items",
        headers=buyer,
        json={"product_id": product["id"], "quantity": 1},
    )
    assert added.status_code == 201, added.text
    assert added.json()["name"] == product["name"]


async def test_stock_beyond_32_bits_is_orderable(gateway):
    shop = Shopper(gateway)
    seller, buyer = await shop.user("seller"), await shop.user()
    product = await _create(gateway, seller, stock=3_000_000_000)
    await asyncio.sleep(0.5)  # let the read model take the creation event too
    placed = await gateway.post(
        "/api/orders",
        headers=buyer,
        json={"items": [{"product_id": product["id"], "quantity": 3}], "shipping_address": ADDRESS},
    )
    assert placed.status_code == 201, placed.text
    await shop.order_in(buyer, placed.json()["id"], "awaiting_payment")
    after = await shop.until(
        lambda: gateway.get(f"/api/catalog/products/{product['id']}"),
        lambda body: body["reserved"] == 3,
    )
    assert after["stock"] == 3_000_000_000
    assert after["available"] == 2_999_999_997


async def test_an_unknown_product_is_still_refused(gateway):
    buyer = await Shopper(gateway).user()
    placed = await gateway.post(
        "/api/orders",
        headers=buyer,
        json={
            "items": [{"product_id": str(uuid.uuid4()), "quantity": 1}],
            "shipping_address": ADDRESS,
        },
    )
    assert placed.status_code == 422
    assert placed.json()["code"] == "product_unavailable"
