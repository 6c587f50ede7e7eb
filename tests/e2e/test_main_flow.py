"""The main flow through the gateway with real processes:
order -> reserve -> pay (card or wallet) -> paid -> refund -> refunded; rejection; cancel."""

import asyncio
import time
import uuid

import pytest

from tests.e2e.shop import ADDRESS, CARD, Shopper

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(gateway) -> Shopper:
    return Shopper(gateway)


class TestMainFlow:
    async def test_cart_order_card_payment_refund(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=10, price=1500)
        await shop.order(buyer, product["id"], 1)  # warms the read model

        added = await gateway.post(
            "/api/orders/cart/items",
            headers=buyer,
            json={"product_id": product["id"], "quantity": 2},
        )
        assert added.status_code in (200, 201), added.text
        cart = (await gateway.get("/api/orders/cart", headers=buyer)).json()
        assert cart["total"] == 3000
        assert cart["items"][0]["name"] == product["name"]

        started = time.monotonic()
        placed = await gateway.post(
            "/api/orders", headers=buyer, json={"from_cart": True, "shipping_address": ADDRESS}
        )
        assert placed.status_code == 201
        order = await shop.order_in(buyer, placed.json()["id"], "awaiting_payment")
        assert time.monotonic() - started < 5
        assert order["total"] == 3000
        assert (await gateway.get("/api/orders/cart", headers=buyer)).json()["items"] == []

        card = await gateway.post("/api/payments/methods", headers=buyer, json=CARD)
        assert card.status_code in (200, 201), card.text
        assert "4242424242424242" not in card.text
        pay = {
            "amount": 3000,
            "currency": "USD",
            "payment_method_id": card.json()["id"],
            "order_id": order["id"],
        }
        key = {"Idempotency-Key": uuid.uuid4().hex}
        payment = await gateway.post("/api/payments", headers={**buyer, **key}, json=pay)
        assert payment.status_code == 202, payment.text
        assert payment.json()["status"] == "processing"
        await shop.payment_in(buyer, payment.json()["id"], "succeeded")
        await shop.order_in(buyer, order["id"], "paid")

        refund = await gateway.post(  # the seller paid refunds (the buyer never refunds itself)
            f"/api/payments/{payment.json()['id']}/refunds",
            headers={**seller, "Idempotency-Key": uuid.uuid4().hex},
            json={"amount": 1000, "reason": "one lamp arrived broken"},
        )
        assert refund.status_code == 201, refund.text
        await shop.order_in(buyer, order["id"], "partially_refunded")
        rest = await gateway.post(
            f"/api/payments/{payment.json()['id']}/refunds",
            headers={**seller, "Idempotency-Key": uuid.uuid4().hex},
            json={},
        )
        assert rest.status_code == 201, rest.text
        await shop.order_in(buyer, order["id"], "refunded")

        admin = await shop.admin()
        check = await gateway.get("/api/payments/ledger/balance-check", headers=admin)
        assert check.status_code == 200
        assert check.json()["ok"] is True

    async def test_declined_card_leaves_the_order_payable(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=3, price=700)
        order = await shop.order(buyer, product["id"], 1)
        await shop.order_in(buyer, order["id"], "awaiting_payment")
        declined = await gateway.post(
            "/api/payments/methods", headers=buyer, json={**CARD, "number": "4000000000000002"}
        )
        pay = {
            "amount": 700,
            "currency": "USD",
            "payment_method_id": declined.json()["id"],
            "order_id": order["id"],
        }
        payment = await gateway.post("/api/payments", headers=buyer, json=pay)
        failed = await shop.payment_in(buyer, payment.json()["id"], "failed")
        assert failed["failure_code"] == "card_declined"
        assert (await shop.order_in(buyer, order["id"], "awaiting_payment"))["status"]

    async def test_wallet_pays_an_order_at_once(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=5, price=150)
        order = await shop.order(buyer, product["id"], 1)
        await shop.order_in(buyer, order["id"], "awaiting_payment")
        for coin in (100, 50, 20):
            deposit = await gateway.post(
                "/api/payments/wallet/deposit", headers=buyer, json={"coin": coin}
            )
            assert deposit.status_code in (200, 201), deposit.text
        assert (
            await gateway.post("/api/payments/wallet/deposit", headers=buyer, json={"coin": 3})
        ).status_code == 422
        paid = await gateway.post(
            "/api/payments",
            headers=buyer,
            json={
                "amount": 150,
                "currency": "USD",
                "payment_method_id": "wallet",
                "order_id": order["id"],
            },
        )
        assert paid.status_code == 201, paid.text
        assert paid.json()["spent"] == 150
        assert paid.json()["wallet_balance"] == 20
        await shop.order_in(buyer, order["id"], "paid")
        reset = await gateway.post("/api/payments/wallet/reset", headers=buyer)
        assert reset.json()["coins"]["20"] == 1

    async def test_out_of_stock_is_rejected_and_cancel_returns_stock(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=2)
        too_many = await shop.order(buyer, product["id"], 3)
        rejected = await shop.order_in(buyer, too_many["id"], "rejected")
        assert rejected["rejection_code"] == "out_of_stock"

        held = await shop.order(buyer, product["id"], 2)
        await shop.order_in(buyer, held["id"], "awaiting_payment")
        url = f"/api/catalog/products/{product['id']}"
        assert (await gateway.get(url)).json()["available"] == 0
        cancelled = await gateway.post(f"/api/orders/{held['id']}/cancel", headers=buyer)
        assert cancelled.status_code == 200, cancelled.text
        await shop.until(lambda: gateway.get(url), lambda body: body["available"] == 2)

    async def test_fifty_buyers_racing_for_the_last_ten_units(self, shop, gateway):
        seller = await shop.user("seller")
        product = await shop.product(seller, stock=3, price=100)
        buyers = await asyncio.gather(*(shop.user() for _ in range(10)))
        await shop.order(buyers[0], product["id"], 1)
        orders = await asyncio.gather(*(shop.order(b, product["id"], 1) for b in buyers[1:]))
        final = await asyncio.gather(
            *(
                shop.order_in(b, o["id"], "awaiting_payment", "rejected")
                for b, o in zip(buyers[1:], orders, strict=True)
            )
        )
        assert sum(o["status"] == "awaiting_payment" for o in final) == 2
        stock = (await gateway.get(f"/api/catalog/products/{product['id']}")).json()
        assert stock["available"] == 0
        assert stock["reserved"] == 3
