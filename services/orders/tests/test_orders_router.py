"""POST /orders, GET /orders and GET /orders/{id}: validation, visibility, idempotency."""

import asyncio
import uuid

from sqlalchemy import func, select

from common.events.catalog import ProductArchived
from common.platform_tables import outbox
from orders.models import Order


async def _stored(shop) -> tuple[int, int]:
    async with shop.sessionmaker() as session:
        orders = await session.scalar(select(func.count()).select_from(Order))
        events = await session.scalar(select(func.count()).select_from(outbox))
    return orders, events


ADDRESS = {
    "name": "Ada",
    "line1": "1 Main St",
    "city": "Leeds",
    "postal_code": "LS1",
    "country": "GB",
}


def _body(*items, **extra):
    return {
        "items": [{"product_id": str(p), "quantity": q} for p, q in items],
        "shipping_address": ADDRESS,
        **extra,
    }


class TestPlaceOrder:
    async def test_order_is_pending_with_merged_lines_totals_and_address(self, shop):
        tea = await shop.product(price=250, name="Tea")
        pot = await shop.product(price=1500, name="Pot")
        order = await shop.place((tea, 2), (pot, 1), (tea, 1))
        assert order["status"] == "pending"
        assert order["revision"] == 1
        assert [(line["name"], line["quantity"], line["amount"]) for line in order["lines"]] == [
            ("Tea", 3, 750),
            ("Pot", 1, 1500),
        ]
        assert (order["total"], order["currency"]) == (2250, "USD")
        assert order["shipping_address"]["country"] == "GB"
        assert [entry["status"] for entry in order["status_history"]] == ["pending"]

    async def test_order_placed_event_asks_for_the_merged_lines(self, shop):
        tea = await shop.product()
        order = await shop.place((tea, 2), (tea, 3))
        (event,) = await shop.events("orders.order.placed")
        assert event.data == {
            "order_id": order["id"],
            "user_id": str(shop.buyer),
            "revision": 1,
            "currency": "USD",
            "lines": [{"product_id": str(tea), "quantity": 5}],
        }
        assert event.subject_user_ids == [shop.buyer, shop.seller]

    async def test_from_cart_orders_the_cart_and_empties_it(self, shop):
        tea = await shop.product(price=300)
        await shop.client.post(
            "/cart/items", json={"product_id": str(tea), "quantity": 2}, headers=shop.headers()
        )
        response = await shop.client.post(
            "/orders", json={"from_cart": True, "shipping_address": ADDRESS}, headers=shop.headers()
        )
        assert response.status_code == 201
        assert response.json()["total"] == 600
        assert (await shop.client.get("/cart", headers=shop.headers())).json()["items"] == []

    async def test_from_an_empty_cart_is_409(self, shop):
        response = await shop.client.post(
            "/orders", json={"from_cart": True, "shipping_address": ADDRESS}, headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (409, "cart_empty")

    async def test_from_cart_with_an_archived_product_is_422_and_keeps_the_cart(self, shop):
        tea = await shop.product()
        await shop.client.post(
            "/cart/items", json={"product_id": str(tea), "quantity": 1}, headers=shop.headers()
        )
        await shop.deliver(ProductArchived(product_id=tea, seller_id=shop.seller))
        response = await shop.client.post(
            "/orders", json={"from_cart": True, "shipping_address": ADDRESS}, headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "product_unavailable")
        assert len((await shop.client.get("/cart", headers=shop.headers())).json()["items"]) == 1

    async def test_items_xor_from_cart_else_422(self, shop):
        tea = await shop.product()
        for extra in ({"items": None}, {"from_cart": True}, {"items": []}, {"from_cart": "yes"}):
            response = await shop.client.post(
                "/orders", json=_body((tea, 1), **extra), headers=shop.headers()
            )
            assert (response.status_code, response.json()["code"]) == (422, "validation_error")

    async def test_bad_quantity_is_422_and_nothing_is_stored(self, shop):
        tea = await shop.product()
        for quantity in (0, -2, "1", 1.5, 10_001):
            response = await shop.client.post(
                "/orders", json=_body((tea, quantity)), headers=shop.headers()
            )
            assert response.status_code == 422, quantity
            assert response.json()["errors"][0]["loc"][-1] == "quantity"
        assert await _stored(shop) == (0, 0)

    async def test_merged_quantity_over_the_maximum_is_422(self, shop):
        tea = await shop.product()
        response = await shop.client.post(
            "/orders", json=_body((tea, 6000), (tea, 6000)), headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "quantity_too_large")

    async def test_unknown_product_is_422_naming_it_and_nothing_is_stored(self, shop):
        tea = await shop.product()
        ghost = uuid.uuid4()
        response = await shop.client.post(
            "/orders", json=_body((tea, 1), (ghost, 1)), headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "product_unavailable")
        assert str(ghost) in response.json()["detail"]
        assert await _stored(shop) == (0, 0)

    async def test_archived_product_is_422_and_nothing_is_stored(self, shop):
        tea = await shop.product()
        await shop.deliver(ProductArchived(product_id=tea, seller_id=shop.seller))
        response = await shop.client.post("/orders", json=_body((tea, 1)), headers=shop.headers())
        assert (response.status_code, response.json()["code"]) == (422, "product_unavailable")
        assert await _stored(shop) == (0, 0)

    async def test_mixed_currencies_are_422_and_nothing_is_stored(self, shop):
        dollars = await shop.product(currency="USD")
        yen = await shop.product(currency="JPY", price=500)
        response = await shop.client.post(
            "/orders", json=_body((dollars, 1), (yen, 1)), headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "currency_mismatch")
        assert "JPY" in response.json()["detail"]
        assert await _stored(shop) == (0, 0)

    async def test_bad_shipping_address_is_422(self, shop):
        tea = await shop.product()
        bad = [
            {**ADDRESS, "country": "XX"},
            {**ADDRESS, "country": "GBR"},
            {k: v for k, v in ADDRESS.items() if k != "postal_code"},
            {**ADDRESS, "line1": "   "},
            {**ADDRESS, "phone": "call me"},
            {**ADDRESS, "extra": "field"},
        ]
        for address in bad:
            body = {**_body((tea, 1)), "shipping_address": address}
            response = await shop.client.post("/orders", json=body, headers=shop.headers())
            assert (response.status_code, response.json()["code"]) == (422, "validation_error")
        assert await _stored(shop) == (0, 0)

    async def test_optional_address_fields_are_kept(self, shop):
        tea = await shop.product()
        address = {
            **ADDRESS,
            "line2": "Flat 2",
            "state": "Greater London",
            "phone": "+44 20 7946 0000",
            "country": "gb",
        }
        response = await shop.client.post(
            "/orders", json={**_body((tea, 1)), "shipping_address": address}, headers=shop.headers()
        )
        assert response.status_code == 201
        assert response.json()["shipping_address"] == {**address, "country": "GB"}

    async def test_malformed_json_is_400(self, shop):
        response = await shop.client.post(
            "/orders",
            content=b"{not json",
            headers={**shop.headers(), "Content-Type": "application/json"},
        )
        assert response.status_code == 400

    async def test_without_a_token_is_401(self, shop):
        response = await shop.client.post("/orders", json={})
        assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


class TestIdempotency:
    async def test_same_key_and_body_replays_the_first_response(self, shop):
        tea = await shop.product()
        headers = {**shop.headers(), "Idempotency-Key": "order-1"}
        first = await shop.client.post("/orders", json=_body((tea, 1)), headers=headers)
        again = await shop.client.post("/orders", json=_body((tea, 1)), headers=headers)
        assert (first.status_code, again.status_code) == (201, 201)
        assert first.json() == again.json()
        assert again.headers["Idempotent-Replayed"] == "true"

    async def test_same_key_with_another_body_is_422(self, shop):
        tea = await shop.product()
        headers = {**shop.headers(), "Idempotency-Key": "order-2"}
        await shop.client.post("/orders", json=_body((tea, 1)), headers=headers)
        response = await shop.client.post("/orders", json=_body((tea, 2)), headers=headers)
        assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")

    async def test_twenty_concurrent_posts_with_one_key_make_one_order(self, shop):
        tea = await shop.product()
        headers = {**shop.headers(), "Idempotency-Key": "order-3"}
        responses = await asyncio.gather(
            *(shop.client.post("/orders", json=_body((tea, 1)), headers=headers) for _ in range(20))
        )
        assert {r.status_code for r in responses} == {201}
        assert len({r.json()["id"] for r in responses}) == 1
        assert await _stored(shop) == (1, 1)


class TestReadOrders:
    async def test_buyer_reads_own_order_with_history(self, shop):
        tea = await shop.product()
        order = await shop.place((tea, 1))
        read = await shop.order(order["id"])
        assert read["id"] == order["id"]
        assert read["status_history"][0]["note"] == "Order placed."

    async def test_another_buyers_order_is_404(self, shop):
        order = await shop.place((await shop.product(), 1))
        response = await shop.client.get(
            f"/orders/{order['id']}", headers=shop.headers(uuid.uuid4())
        )
        assert (response.status_code, response.json()["code"]) == (404, "order_not_found")

    async def test_unknown_order_is_404(self, shop):
        response = await shop.client.get(f"/orders/{uuid.uuid4()}", headers=shop.headers())
        assert (response.status_code, response.json()["code"]) == (404, "order_not_found")

    async def test_admin_and_the_seller_of_a_line_read_it_an_unrelated_seller_does_not(self, shop):
        order = await shop.place((await shop.product(), 1))
        url = f"/orders/{order['id']}"
        assert (await shop.client.get(url, headers=shop.admin_headers)).status_code == 200
        assert (await shop.client.get(url, headers=shop.seller_headers)).status_code == 200
        other = shop.headers(uuid.uuid4(), "seller")
        assert (await shop.client.get(url, headers=other)).status_code == 404

    async def test_list_shows_own_orders_newest_first(self, shop):
        tea = await shop.product()
        first = await shop.place((tea, 1))
        second = await shop.place((tea, 2))
        await shop.place((tea, 1), headers=shop.headers(uuid.uuid4()))
        listed = (await shop.client.get("/orders", headers=shop.headers())).json()
        assert [o["id"] for o in listed["items"]] == [second["id"], first["id"]]
        assert listed["items"][0]["lines"][0]["quantity"] == 2

    async def test_list_paginates_with_a_cursor(self, shop):
        tea = await shop.product()
        ids = [(await shop.place((tea, 1)))["id"] for _ in range(3)]
        seen, cursor = [], None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await shop.client.get("/orders", params=params, headers=shop.headers())).json()
            seen += [o["id"] for o in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == ids[::-1]

    async def test_status_filter(self, shop):
        tea = await shop.product()
        waiting = await shop.awaiting_payment((tea, 1))
        await shop.place((tea, 1))
        listed = (
            await shop.client.get("/orders?status=awaiting_payment", headers=shop.headers())
        ).json()
        assert [o["id"] for o in listed["items"]] == [waiting["id"]]
        bad = await shop.client.get("/orders?status=lost", headers=shop.headers())
        assert bad.status_code == 422

    async def test_admin_lists_everyone_and_filters_by_user(self, shop):
        tea = await shop.product()
        other = uuid.uuid4()
        await shop.place((tea, 1))
        theirs = await shop.place((tea, 1), headers=shop.headers(other))
        everyone = (await shop.client.get("/orders", headers=shop.admin_headers)).json()
        assert len(everyone["items"]) == 2
        filtered = (
            await shop.client.get(f"/orders?user_id={other}", headers=shop.admin_headers)
        ).json()
        assert [o["id"] for o in filtered["items"]] == [theirs["id"]]

    async def test_user_id_filter_does_not_widen_a_buyers_view(self, shop):
        tea = await shop.product()
        other = uuid.uuid4()
        await shop.place((tea, 1), headers=shop.headers(other))
        listed = (await shop.client.get(f"/orders?user_id={other}", headers=shop.headers())).json()
        assert listed["items"] == []

    async def test_seller_lists_the_orders_of_their_products(self, shop):
        mine = await shop.product()
        theirs = await shop.product(seller=uuid.uuid4())
        order = await shop.place((mine, 1))
        await shop.place((theirs, 1))
        listed = (
            await shop.client.get("/orders?as_seller=true", headers=shop.seller_headers)
        ).json()
        assert [o["id"] for o in listed["items"]] == [order["id"]]

    async def test_as_seller_for_a_buyer_is_403(self, shop):
        response = await shop.client.get("/orders?as_seller=true", headers=shop.headers())
        assert (response.status_code, response.json()["code"]) == (403, "order_action_forbidden")
