"""Shipping (sellers of the order's lines and admins) and the support thread."""

import uuid


def _url(order, tail):
    return f"/orders/{order['id']}/{tail}"


class TestShipping:
    async def test_owner_seller_and_admin_read_shipping_others_get_404(self, shop):
        order = await shop.place((await shop.product(), 1))
        for headers in (shop.headers(), shop.seller_headers, shop.admin_headers):
            response = await shop.client.get(_url(order, "shipping"), headers=headers)
            assert response.status_code == 200
            assert response.json()["status"] == "not_shipped"
            assert response.json()["address"]["city"] == "London"
        for headers in (shop.headers(uuid.uuid4()), shop.headers(uuid.uuid4(), "seller")):
            response = await shop.client.get(_url(order, "shipping"), headers=headers)
            assert (response.status_code, response.json()["code"]) == (404, "order_not_found")

    async def test_seller_ships_then_delivers_a_paid_order(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        shipped = await shop.client.patch(
            _url(order, "shipping"),
            json={"status": "shipped", "carrier": "DHL", "tracking_number": "JD0001"},
            headers=shop.seller_headers,
        )
        assert shipped.status_code == 200
        assert (shipped.json()["status"], shipped.json()["carrier"]) == ("shipped", "DHL")
        assert shipped.json()["shipped_at"] is not None
        delivered = await shop.client.patch(
            _url(order, "shipping"), json={"status": "delivered"}, headers=shop.seller_headers
        )
        assert delivered.json()["status"] == "delivered"
        assert delivered.json()["tracking_number"] == "JD0001"
        assert (await shop.order(order["id"]))["status"] == "delivered"
        (event,) = await shop.events("orders.order.shipped")
        assert (event.data["carrier"], event.data["tracking_number"]) == ("DHL", "JD0001")
        assert event.subject_user_ids == [shop.buyer, shop.seller]
        assert len(await shop.events("orders.order.delivered")) == 1

    async def test_admin_may_ship(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        response = await shop.client.patch(
            _url(order, "shipping"), json={"status": "shipped"}, headers=shop.admin_headers
        )
        assert response.status_code == 200

    async def test_the_buyer_may_not_ship_403(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        response = await shop.client.patch(
            _url(order, "shipping"), json={"status": "shipped"}, headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (403, "order_action_forbidden")

    async def test_a_seller_of_other_products_gets_404(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        response = await shop.client.patch(
            _url(order, "shipping"),
            json={"status": "shipped"},
            headers=shop.headers(uuid.uuid4(), "seller"),
        )
        assert (response.status_code, response.json()["code"]) == (404, "order_not_found")
        assert (await shop.order(order["id"]))["status"] == "paid"

    async def test_illegal_shipping_moves_are_409(self, shop):
        unpaid = await shop.awaiting_payment((await shop.product(), 1))
        paid, _ = await shop.paid((await shop.product(), 1))
        cases = [(unpaid, "shipped"), (paid, "delivered")]
        for order, status in cases:
            response = await shop.client.patch(
                _url(order, "shipping"), json={"status": status}, headers=shop.seller_headers
            )
            assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")
        await shop.client.patch(
            _url(paid, "shipping"), json={"status": "shipped"}, headers=shop.seller_headers
        )
        again = await shop.client.patch(
            _url(paid, "shipping"), json={"status": "shipped"}, headers=shop.seller_headers
        )
        assert again.status_code == 409
        assert len(await shop.events("orders.order.shipped")) == 1

    async def test_unknown_shipping_status_is_422(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        response = await shop.client.patch(
            _url(order, "shipping"), json={"status": "lost"}, headers=shop.seller_headers
        )
        assert (response.status_code, response.json()["code"]) == (422, "validation_error")


class TestMessages:
    async def test_buyer_seller_and_admin_write_in_one_thread_newest_first(self, shop):
        order = await shop.place((await shop.product(), 1))
        admin = shop.admin_headers
        for headers, body in (
            (shop.headers(), "Where is it?"),
            (shop.seller_headers, "On its way."),
            (admin, "Noted."),
        ):
            response = await shop.client.post(
                _url(order, "messages"), json={"body": body}, headers=headers
            )
            assert response.status_code == 201
        page = (await shop.client.get(_url(order, "messages"), headers=shop.headers())).json()
        assert [(m["author_role"], m["body"]) for m in page["items"]] == [
            ("admin", "Noted."),
            ("seller", "On its way."),
            ("buyer", "Where is it?"),
        ]
        assert page["items"][2]["author_id"] == str(shop.buyer)

    async def test_messages_paginate(self, shop):
        order = await shop.place((await shop.product(), 1))
        for i in range(3):
            await shop.client.post(
                _url(order, "messages"), json={"body": f"m{i}"}, headers=shop.headers()
            )
        first = (
            await shop.client.get(
                _url(order, "messages"), params={"limit": 2}, headers=shop.headers()
            )
        ).json()
        rest = (
            await shop.client.get(
                _url(order, "messages"),
                params={"limit": 2, "cursor": first["next_cursor"]},
                headers=shop.headers(),
            )
        ).json()
        assert [m["body"] for m in first["items"] + rest["items"]] == ["m2", "m1", "m0"]
        assert rest["next_cursor"] is None

    async def test_strangers_can_neither_read_nor_write_404(self, shop):
        order = await shop.place((await shop.product(), 1))
        for headers in (shop.headers(uuid.uuid4()), shop.headers(uuid.uuid4(), "seller")):
            posted = await shop.client.post(
                _url(order, "messages"), json={"body": "hi"}, headers=headers
            )
            listed = await shop.client.get(_url(order, "messages"), headers=headers)
            assert (posted.status_code, posted.json()["code"]) == (404, "order_not_found")
            assert listed.status_code == 404

    async def test_body_must_be_1_to_5000_characters(self, shop):
        order = await shop.place((await shop.product(), 1))
        for body in ("", "   ", "x" * 5001):
            response = await shop.client.post(
                _url(order, "messages"), json={"body": body}, headers=shop.headers()
            )
            assert (response.status_code, response.json()["code"]) == (422, "validation_error")
        ok = await shop.client.post(
            _url(order, "messages"), json={"body": "x" * 5000}, headers=shop.headers()
        )
        assert ok.status_code == 201
