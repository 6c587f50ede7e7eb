"""Manual capture: authorize, then capture or void. An order payment is captured in full only;
an authorization its order can no longer take (cancelled, total changed) is voided at once."""

import asyncio
import uuid

import pytest

from common.events.orders import ConfirmedLine, OrderConfirmed, OrderPlaced, PlacedLine


async def _authorized(shop, headers, amount=1000, **extra):
    response = await shop.pay(headers, await shop.card(headers), amount, capture="manual", **extra)
    await shop.process()
    payment_id = response.json()["id"]
    assert (await shop.payment(payment_id)).status == "requires_capture"
    return payment_id


class TestCapture:
    async def test_partial_capture_without_an_order_succeeds_and_publishes_captured_and_succeeded(
        self, client, shop
    ):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        assert await shop.events("payments.payment.succeeded") == []
        response = await client.post(
            f"/{payment_id}/capture", json={"amount": 600}, headers=headers
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["status"], body["captured_amount"], body["amount"]) == ("succeeded", 600, 1000)
        assert body["refunds"]["refundable"] == 600
        assert [s["status"] for s in body["timeline"]] == [
            "processing",
            "requires_capture",
            "succeeded",
        ]
        [captured] = await shop.events("payments.payment.captured")
        [succeeded] = await shop.events("payments.payment.succeeded")
        assert captured.data["captured_amount"] == succeeded.data["captured_amount"] == 600
        assert (await shop.balance_check())["ok"] is True

    @pytest.mark.parametrize("amount", [1, 999])
    async def test_partial_capture_of_an_order_payment_is_422_and_nothing_is_captured(
        self, client, shop, provider, amount
    ):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        response = await client.post(
            f"/{payment_id}/capture", json={"amount": amount}, headers=headers
        )
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "partial_capture_of_order_payment"
        assert (await shop.payment(payment_id)).status == "requires_capture"
        assert provider.charges[payment_id].status == "authorized"
        assert await shop.events("payments.payment.succeeded") == []

    async def test_full_capture_of_an_order_payment_succeeds(self, client, shop):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        response = await client.post(
            f"/{payment_id}/capture", json={"amount": 1000}, headers=headers
        )
        assert response.status_code == 200, response.text
        [succeeded] = await shop.events("payments.payment.succeeded")
        assert succeeded.data["captured_amount"] == 1000

    async def test_full_capture_without_a_body(self, client, shop):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        response = await client.post(f"/{payment_id}/capture", headers=headers)
        assert response.json()["captured_amount"] == 1000

    async def test_capture_twice_is_409(self, client, shop):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        await client.post(f"/{payment_id}/capture", headers=headers)
        again = await client.post(f"/{payment_id}/capture", headers=headers)
        assert again.status_code == 409
        assert again.json()["code"] == "payment_not_capturable"

    async def test_capture_more_than_authorized_is_422(self, client, shop):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        response = await client.post(
            f"/{payment_id}/capture", json={"amount": 1001}, headers=headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "capture_exceeds_authorized"

    async def test_concurrent_captures_capture_once(self, client, shop):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        url = f"/{payment_id}/capture"
        responses = await asyncio.gather(*(client.post(url, headers=headers) for _ in range(10)))
        assert sorted(r.status_code for r in responses) == [200] + [409] * 9
        assert len(await shop.events("payments.payment.captured")) == 1

    async def test_provider_refusing_the_capture_is_409(self, client, shop, provider):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        stored = await shop.payment(payment_id)
        await provider.void(reference=payment_id, provider_ref=stored.provider_ref)
        response = await client.post(f"/{payment_id}/capture", headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "provider_refused"

    async def test_provider_down_is_503_and_nothing_changes(self, client, shop, provider):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        provider.fail_next = 1
        response = await client.post(f"/{payment_id}/capture", headers=headers)
        assert response.status_code == 503
        assert (await shop.payment(payment_id)).status == "requires_capture"

    async def test_capture_of_a_cancelled_orders_payment_is_409(self, client, shop):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        await shop.cancel_order(order_id, buyer)
        response = await client.post(f"/{payment_id}/capture", headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "payment_not_capturable"  # being voided


class TestAutomaticVoid:
    async def test_cancelling_the_order_voids_its_open_authorization(self, client, shop, provider):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        await shop.cancel_order(order_id, buyer)
        assert (await shop.payment(payment_id)).void_requested_at is not None
        capture = await client.post(f"/{payment_id}/capture", headers=headers)
        assert capture.status_code == 409
        await shop.process_voids()
        assert (await shop.payment(payment_id)).status == "canceled"
        assert provider.charges[payment_id].status == "voided"
        [event] = await shop.events("payments.payment.canceled")
        assert event.data["payment_id"] == payment_id

    async def test_authorization_settling_after_the_cancel_is_voided(self, shop, provider):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment = await shop.pay(
            headers, await shop.card(headers), 1000, capture="manual", order_id=str(order_id)
        )
        await shop.cancel_order(order_id, buyer)  # before the worker authorized the card
        await shop.process()
        await shop.process_voids()
        assert (await shop.payment(payment.json()["id"])).status == "canceled"
        assert provider.charges[payment.json()["id"]].status == "voided"

    async def test_new_total_voids_the_authorization_of_the_old_one(self, client, shop, provider):
        buyer, headers = shop.user()
        seller = uuid.uuid4()
        order_id = await shop.order(buyer, lines=[(seller, 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        product = uuid.uuid4()
        await shop.deliver(
            OrderPlaced(
                order_id=order_id,
                user_id=buyer,
                revision=2,
                currency="USD",
                lines=[PlacedLine(product_id=product, quantity=2)],
            )
        )
        pending = await client.post(f"/{payment_id}/capture", headers=headers)
        assert (pending.status_code, pending.json()["code"]) == (409, "order_not_payable")
        await shop.deliver(
            OrderConfirmed(
                order_id=order_id,
                user_id=buyer,
                revision=2,
                total=2000,
                currency="USD",
                lines=[
                    ConfirmedLine(
                        product_id=product,
                        seller_id=seller,
                        quantity=2,
                        unit_price=1000,
                        amount=2000,
                    )
                ],
            )
        )
        await shop.process_voids()
        assert (await shop.payment(payment_id)).status == "canceled"
        assert provider.charges[payment_id].status == "voided"
        again = await shop.pay(headers, await shop.card(headers), 2000, order_id=str(order_id))
        assert again.status_code == 202, again.text


class TestVoid:
    async def test_void_cancels_the_authorization(self, client, shop, provider):
        _, headers = shop.user()
        payment_id = await _authorized(shop, headers)
        response = await client.post(f"/{payment_id}/cancel", headers=headers)
        assert response.status_code == 200
        assert response.json()["status"] == "canceled"
        [event] = await shop.events("payments.payment.canceled")
        assert event.data["payment_id"] == payment_id
        assert provider.charges[payment_id].status == "voided"

    async def test_void_of_a_captured_payment_is_409(self, client, shop):
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        await shop.process()
        response = await client.post(f"/{payment.json()['id']}/cancel", headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "payment_not_cancelable"


class TestWho:
    async def test_another_buyer_gets_404(self, client, shop):
        _, headers = shop.user()
        _, other = shop.user()
        payment_id = await _authorized(shop, headers)
        for action in ("capture", "cancel"):
            response = await client.post(f"/{payment_id}/{action}", headers=other)
            assert response.status_code == 404

    async def test_the_seller_paid_sees_it_but_cannot_capture(self, client, shop):
        buyer, headers = shop.user()
        seller_id, seller = shop.user("seller")
        order_id = await shop.order(buyer, lines=[(seller_id, 1000)])
        payment_id = await _authorized(shop, headers, order_id=str(order_id))
        assert (await client.get(f"/{payment_id}", headers=seller)).status_code == 200
        response = await client.post(f"/{payment_id}/capture", headers=seller)
        assert response.status_code == 403
        assert response.json()["code"] == "not_payment_owner"

    async def test_admin_can_capture(self, client, shop):
        _, headers = shop.user()
        _, admin = shop.user("admin")
        payment_id = await _authorized(shop, headers)
        response = await client.post(f"/{payment_id}/capture", headers=admin)
        assert response.status_code == 200
