"""POST /orders/{id}/cancel: who may, from which states, and exactly once under concurrency."""

import asyncio
import uuid


async def _cancel(shop, order, headers=None, **body):
    return await shop.client.post(
        f"/orders/{order['id']}/cancel", json=body or None, headers=headers or shop.headers()
    )


class TestCancel:
    async def test_buyer_cancels_a_pending_order(self, shop):
        order = await shop.place((await shop.product(), 1))
        response = await _cancel(shop, order, reason="Changed my mind")
        assert (response.status_code, response.json()["status"]) == (200, "cancelled")
        assert (
            response.json()["status_history"][-1]["note"]
            == "Cancelled by the buyer: Changed my mind"
        )
        (event,) = await shop.events("orders.order.cancelled")
        assert event.data["reason"] == "requested_by_buyer"
        assert (event.data["was_paid"], event.data["payment_id"], event.data["amount"]) == (
            False,
            None,
            0,
        )

    async def test_cancelling_a_paid_order_asks_payments_for_a_full_refund(self, shop):
        order, payment_id = await shop.paid((await shop.product(price=1250), 2))
        response = await _cancel(shop, order)
        assert response.status_code == 200
        (event,) = await shop.events("orders.order.cancelled")
        assert event.data["was_paid"] is True
        assert event.data["payment_id"] == str(payment_id)
        assert (event.data["amount"], event.data["currency"]) == (2500, "USD")
        assert event.subject_user_ids == [shop.buyer, shop.seller]

    async def test_admin_cancels_any_order(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        response = await _cancel(shop, order, headers=shop.admin_headers)
        assert response.status_code == 200
        assert (await shop.events("orders.order.cancelled"))[0].data[
            "reason"
        ] == "requested_by_admin"

    async def test_cancelling_a_shipped_order_is_409_naming_both_states(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        await shop.client.patch(
            f"/orders/{order['id']}/shipping",
            json={"status": "shipped"},
            headers=shop.seller_headers,
        )
        response = await _cancel(shop, order)
        assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")
        assert "'shipped'" in response.json()["detail"]
        assert "'cancelled'" in response.json()["detail"]
        assert await shop.events("orders.order.cancelled") == []

    async def test_cancelling_twice_is_409(self, shop):
        order = await shop.place((await shop.product(), 1))
        await _cancel(shop, order)
        response = await _cancel(shop, order)
        assert (response.status_code, response.json()["code"]) == (409, "illegal_transition")

    async def test_another_buyer_gets_404_and_a_seller_of_the_order_403(self, shop):
        order = await shop.place((await shop.product(), 1))
        stranger = await _cancel(shop, order, headers=shop.headers(uuid.uuid4()))
        seller = await _cancel(shop, order, headers=shop.seller_headers)
        assert (stranger.status_code, stranger.json()["code"]) == (404, "order_not_found")
        assert (seller.status_code, seller.json()["code"]) == (403, "order_action_forbidden")
        assert (await shop.order(order["id"]))["status"] == "pending"

    async def test_twenty_concurrent_cancels_publish_one_event(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        responses = await asyncio.gather(*(_cancel(shop, order) for _ in range(20)))
        assert sorted(r.status_code for r in responses) == [200] + [409] * 19
        assert len(await shop.events("orders.order.cancelled")) == 1
