"""Orders with lines of two sellers: each seller ships and delivers only its own lines, the order
follows when every line has, and a seller sees the address and its own lines only."""

import uuid


def _url(order, tail):
    return f"/orders/{order['id']}/{tail}"


async def _two_seller_order(shop):
    other = uuid.uuid4()
    mine = await shop.product(price=700)
    theirs = await shop.product(price=300, seller=other)
    order, _ = await shop.paid((mine, 1), (theirs, 2))
    return order, other, shop.headers(other, "seller")


async def _ship(shop, order, headers, status="shipped", **extra):
    return await shop.client.patch(
        _url(order, "shipping"), json={"status": status, **extra}, headers=headers
    )


class TestShippingOwnLines:
    async def test_each_seller_ships_its_lines_and_the_order_follows_the_last(self, shop):
        order, _, theirs = await _two_seller_order(shop)
        first = await _ship(shop, order, shop.seller_headers, carrier="DHL")
        assert first.status_code == 200, first.text
        assert [line["seller_id"] for line in first.json()["lines"]] == [str(shop.seller)]
        assert first.json()["status"] == "shipped"  # as far as its own lines go
        after = await shop.order(order["id"])
        assert after["status"] == "paid"
        assert [line["shipping_status"] for line in after["lines"]] == ["shipped", "not_shipped"]
        assert await shop.events("orders.order.shipped") == []
        again = await _ship(shop, order, shop.seller_headers)
        assert (again.status_code, again.json()["code"]) == (409, "illegal_transition")

        second = await _ship(shop, order, theirs, carrier="UPS")
        assert second.status_code == 200
        assert (await shop.order(order["id"]))["status"] == "shipped"
        assert len(await shop.events("orders.order.shipped")) == 1

        await _ship(shop, order, shop.seller_headers, "delivered")
        assert (await shop.order(order["id"]))["status"] == "shipped"
        await _ship(shop, order, theirs, "delivered")
        assert (await shop.order(order["id"]))["status"] == "delivered"
        assert len(await shop.events("orders.order.delivered")) == 1

    async def test_an_order_with_a_shipped_line_can_no_longer_be_cancelled(self, shop):
        order, _, _ = await _two_seller_order(shop)
        await _ship(shop, order, shop.seller_headers)
        response = await shop.client.post(f"/orders/{order['id']}/cancel", headers=shop.headers())
        assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")
        assert (await shop.order(order["id"]))["status"] == "paid"

    async def test_a_seller_cannot_deliver_before_shipping_its_lines(self, shop):
        order, _, theirs = await _two_seller_order(shop)
        await _ship(shop, order, shop.seller_headers)
        early = await _ship(shop, order, theirs, "delivered")
        assert (early.status_code, early.json()["code"]) == (409, "illegal_transition")

    async def test_an_admin_ships_every_line_at_once(self, shop):
        order, _, _ = await _two_seller_order(shop)
        response = await _ship(shop, order, shop.admin_headers)
        assert response.status_code == 200
        assert len(response.json()["lines"]) == 2
        assert (await shop.order(order["id"]))["status"] == "shipped"


class TestSellerView:
    async def test_a_seller_sees_the_address_and_its_own_lines_and_amounts_only(self, shop):
        order, other, theirs = await _two_seller_order(shop)
        mine = await shop.order(order["id"], shop.seller_headers)
        assert [line["seller_id"] for line in mine["lines"]] == [str(shop.seller)]
        assert (mine["total"], mine["paid_amount"], mine["refunded_amount"]) == (700, None, None)
        assert mine["shipping_address"]["city"] == "London"
        assert all(entry["note"] is None for entry in mine["status_history"])
        seen = await shop.order(order["id"], theirs)
        assert [line["seller_id"] for line in seen["lines"]] == [str(other)]
        assert seen["total"] == 600
        buyer = await shop.order(order["id"])
        assert (len(buyer["lines"]), buyer["total"], buyer["paid_amount"]) == (2, 1300, 1300)
        shipping = await shop.client.get(_url(order, "shipping"), headers=theirs)
        assert [line["seller_id"] for line in shipping.json()["lines"]] == [str(other)]

    async def test_the_sellers_listing_shows_its_own_lines_only(self, shop):
        order, other, theirs = await _two_seller_order(shop)
        listed = await shop.client.get("/orders", params={"as_seller": "true"}, headers=theirs)
        [item] = [o for o in listed.json()["items"] if o["id"] == order["id"]]
        assert [line["seller_id"] for line in item["lines"]] == [str(other)]
        assert (item["total"], item["paid_amount"]) == (600, None)
