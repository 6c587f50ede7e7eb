"""The money rules through the gateway with the real processes (issue 8, items 1-5 and 9):
order payments are captured in full only; the payer never refunds itself; each seller of a
multi-seller order refunds, ships and sees only its own share; a payment for a stale total is
given back at once; cancelling voids an open authorization; requests waiting for an unknown
order hold no database connection."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.shop import ADDRESS, CARD, Shopper

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(gateway) -> MoneyShopper:
    return MoneyShopper(gateway)


class MoneyShopper(Shopper):
    """The e2e shopper, with orders of several lines and card payments of an order."""

    async def order_of(self, buyer: dict[str, str], items: list[tuple[str, int]]) -> Any:
        lines = [{"product_id": product_id, "quantity": quantity} for product_id, quantity in items]
        for _ in range(100):  # the orders read model learns of new products through events
            response = await self.gateway.post(
                "/api/orders", headers=buyer, json={"items": lines, "shipping_address": ADDRESS}
            )
            if response.status_code != 422 or "product_unavailable" not in response.text:
                break
            await asyncio.sleep(0.1)
        assert response.status_code == 201, response.text
        return response.json()

    async def card(self, buyer: dict[str, str]) -> str:
        response = await self.gateway.post("/api/payments/methods", headers=buyer, json=CARD)
        assert response.status_code in (200, 201), response.text
        return str(response.json()["id"])

    async def pay(
        self, buyer: dict[str, str], order: dict[str, Any], method_id: str, **extra: Any
    ) -> httpx.Response:
        """Pay ``order``'s total by card (``extra``: capture, ...)."""
        body = {
            "amount": order["total"],
            "currency": order["currency"],
            "payment_method_id": method_id,
            "order_id": order["id"],
            **extra,
        }
        key = {"Idempotency-Key": uuid.uuid4().hex}
        return await self.gateway.post("/api/payments", headers={**buyer, **key}, json=body)


async def _confirmed_order(shop: MoneyShopper, buyer, items: list[tuple[str, int]]) -> Any:
    order = await shop.order_of(buyer, items)
    return await shop.order_in(buyer, order["id"], "awaiting_payment")


async def _paid_order(shop: MoneyShopper, buyer, items: list[tuple[str, int]]) -> tuple[Any, str]:
    order = await _confirmed_order(shop, buyer, items)
    payment = await shop.pay(buyer, order, await shop.card(buyer))
    assert payment.status_code == 202, payment.text
    await shop.order_in(buyer, order["id"], "paid")
    return order, payment.json()["id"]


async def _refund(gateway, payment_id: str, headers, **body: Any):
    return await gateway.post(
        f"/api/payments/{payment_id}/refunds",
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
        json=body,
    )


async def _balanced(shop: MoneyShopper, gateway) -> None:
    check = await gateway.get("/api/payments/ledger/balance-check", headers=await shop.admin())
    assert check.status_code == 200
    assert check.json()["ok"] is True, check.json()


class TestCapture:
    async def test_a_one_cent_capture_is_422_and_the_order_is_not_paid(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=5, price=10000)
        order = await _confirmed_order(shop, buyer, [(product["id"], 1)])
        payment = await shop.pay(buyer, order, await shop.card(buyer), capture="manual")
        payment_id = payment.json()["id"]
        await shop.payment_in(buyer, payment_id, "requires_capture")

        short = await gateway.post(
            f"/api/payments/{payment_id}/capture", headers=buyer, json={"amount": 1}
        )
        assert short.status_code == 422, short.text
        assert short.headers["content-type"].startswith("application/problem+json")
        assert short.json()["code"] == "partial_capture_of_order_payment"
        assert (await gateway.get(f"/api/payments/{payment_id}", headers=buyer)).json()[
            "status"
        ] == "requires_capture"
        await asyncio.sleep(0.5)  # nothing in flight may pay the order
        assert (await shop.order_in(buyer, order["id"], "awaiting_payment"))["paid_amount"] == 0
        stock = (await gateway.get(f"/api/catalog/products/{product['id']}")).json()
        assert stock["stock"] == 5

        full = await gateway.post(f"/api/payments/{payment_id}/capture", headers=buyer)
        assert full.status_code == 200, full.text
        paid = await shop.order_in(buyer, order["id"], "paid")
        assert paid["paid_amount"] == 10000


class TestRefundAuthority:
    async def test_the_buyer_never_refunds_itself(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=5, price=800)
        _, payment_id = await _paid_order(shop, buyer, [(product["id"], 1)])
        refused = await _refund(gateway, payment_id, buyer)
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "refund_forbidden"
        detail = (await gateway.get(f"/api/payments/{payment_id}", headers=buyer)).json()
        assert detail["refunds"]["refunded"] == detail["refunds"]["pending"] == 0
        listed = await gateway.get(f"/api/payments/{payment_id}/refunds", headers=buyer)
        assert (listed.status_code, listed.json()["items"]) == (200, [])


class TestTwoSellers:
    async def test_each_seller_refunds_and_ships_only_its_share(self, shop, gateway):
        first, second = await shop.user("seller"), await shop.user("seller")
        buyer = await shop.user()
        lamp = await shop.product(first, stock=5, price=1000)
        mug = await shop.product(second, stock=5, price=250)
        order, payment_id = await _paid_order(shop, buyer, [(lamp["id"], 2), (mug["id"], 4)])
        assert order["total"] == 3000  # first's share 2000, second's 1000

        # concurrent refunds from both sellers: 8 x 300 each, never past either share
        attempts = [_refund(gateway, payment_id, first, amount=300) for _ in range(8)]
        attempts += [_refund(gateway, payment_id, second, amount=300) for _ in range(8)]
        responses = await asyncio.gather(*attempts)
        codes = [r.status_code for r in responses]
        assert set(codes) <= {201, 409}, [r.text for r in responses if r.status_code >= 500]
        assert codes[:8].count(201) == 6  # 1800 of 2000
        assert codes[8:].count(201) == 3  # 900 of 1000
        over = await _refund(gateway, payment_id, second, amount=101)
        assert (over.status_code, over.json()["code"]) == (409, "refund_exceeds_share")
        rest = await _refund(gateway, payment_id, second)  # the 100 left of its share
        assert (rest.status_code, rest.json()["amount"]) == (201, 100)

        async def refunded(headers) -> Any:
            return await shop.until(
                lambda: gateway.get(f"/api/payments/{payment_id}", headers=headers),
                lambda body: body["refunds"]["pending"] == 0,
            )

        assert (await refunded(second))["refunds"] == {
            "captured": 1000,
            "refunded": 1000,
            "pending": 0,
            "refundable": 0,
        }
        assert (await refunded(first))["refunds"]["refunded"] == 1800
        assert (await refunded(buyer))["refunded_amount"] == 2800
        seen = (await gateway.get(f"/api/payments/{payment_id}/refunds", headers=second)).json()
        assert sum(r["amount"] for r in seen["items"]) == 1000
        await _balanced(shop, gateway)

        # shipping: each seller its own lines; the order follows the last one
        shipped = await gateway.patch(
            f"/api/orders/{order['id']}/shipping", headers=first, json={"status": "shipped"}
        )
        assert shipped.status_code == 200, shipped.text
        assert [line["seller_id"] for line in shipped.json()["lines"]] == [lamp["seller_id"]]
        lines = (await gateway.get(f"/api/orders/{order['id']}", headers=buyer)).json()["lines"]
        assert sorted(line["shipping_status"] for line in lines) == ["not_shipped", "shipped"]
        again = await gateway.patch(
            f"/api/orders/{order['id']}/shipping", headers=first, json={"status": "shipped"}
        )
        assert again.status_code == 409
        for seller in (second,):
            response = await gateway.patch(
                f"/api/orders/{order['id']}/shipping", headers=seller, json={"status": "shipped"}
            )
            assert response.status_code == 200, response.text
        for seller in (first, second):
            response = await gateway.patch(
                f"/api/orders/{order['id']}/shipping", headers=seller, json={"status": "delivered"}
            )
            assert response.status_code == 200, response.text
        lines = (await gateway.get(f"/api/orders/{order['id']}", headers=buyer)).json()["lines"]
        assert {line["shipping_status"] for line in lines} == {"delivered"}

    async def test_a_seller_sees_the_address_and_only_its_own_lines(self, shop, gateway):
        first, second = await shop.user("seller"), await shop.user("seller")
        buyer = await shop.user()
        lamp = await shop.product(first, stock=5, price=1000)
        mug = await shop.product(second, stock=5, price=250)
        order, _ = await _paid_order(shop, buyer, [(lamp["id"], 1), (mug["id"], 2)])
        for seller, product, total in ((first, lamp, 1000), (second, mug, 500)):
            seen = (await gateway.get(f"/api/orders/{order['id']}", headers=seller)).json()
            assert [line["product_id"] for line in seen["lines"]] == [product["id"]]
            assert (seen["total"], seen["paid_amount"]) == (total, None)
            assert seen["shipping_address"]["postal_code"] == "SW1Y 4JH"
            listed = await gateway.get("/api/orders?as_seller=true", headers=seller)
            [item] = [o for o in listed.json()["items"] if o["id"] == order["id"]]
            assert [line["product_id"] for line in item["lines"]] == [product["id"]]
            assert item["total"] == total
        everything = (await gateway.get(f"/api/orders/{order['id']}", headers=buyer)).json()
        assert (len(everything["lines"]), everything["total"]) == (2, 1500)


class TestStaleTotal:
    async def test_a_stale_total_is_refunded_at_once_and_the_real_total_is_payable(
        self, shop, gateway, platform
    ):
        seller = await shop.user("seller")
        buyer = await shop.user()
        lamp = await shop.product(seller, stock=5, price=1000)
        mug = await shop.product(seller, stock=5, price=300)
        order = await _confirmed_order(shop, buyer, [(lamp["id"], 1)])
        method = await shop.card(buyer)

        # Hold the payments worker so its read model has not seen the line change yet: the
        # old total is accepted, as it is when the buyer pays a millisecond after the change.
        worker = platform.processes["payments-worker"].pid
        os.killpg(worker, signal.SIGSTOP)
        try:
            added = await gateway.post(
                f"/api/orders/{order['id']}/items",
                headers=buyer,
                json={"product_id": mug["id"], "quantity": 1},
            )
            assert added.status_code == 200, added.text
            stale = await shop.pay(buyer, order, method)
            assert stale.status_code == 202, stale.text
        finally:
            os.killpg(worker, signal.SIGCONT)

        stale_id = stale.json()["id"]
        refunded = await shop.until(
            lambda: gateway.get(f"/api/payments/{stale_id}", headers=buyer),
            lambda body: body["refunds"]["refunded"] == 1000,
        )
        assert refunded["status"] == "succeeded"
        assert any("refused by the order" in (e["detail"] or "") for e in refunded["timeline"])
        current = await shop.order_in(buyer, order["id"], "awaiting_payment")
        assert (current["total"], current["paid_amount"]) == (1300, 0)

        for _ in range(20):  # the refusal has freed the order: it takes its real total
            real = await shop.pay(buyer, current, method)
            if real.status_code == 202:
                break
            await asyncio.sleep(0.2)
        assert real.status_code == 202, real.text
        paid = real.json()
        await shop.payment_in(buyer, paid["id"], "succeeded")
        assert (await shop.order_in(buyer, order["id"], "paid"))["paid_amount"] == 1300
        await _balanced(shop, gateway)


class TestCancel:
    async def test_cancelling_an_order_voids_its_open_authorization(self, shop, gateway):
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=5, price=4200)
        order = await _confirmed_order(shop, buyer, [(product["id"], 1)])
        payment = await shop.pay(buyer, order, await shop.card(buyer), capture="manual")
        payment_id = payment.json()["id"]
        await shop.payment_in(buyer, payment_id, "requires_capture")
        cancelled = await gateway.post(f"/api/orders/{order['id']}/cancel", headers=buyer)
        assert cancelled.status_code == 200, cancelled.text
        voided = await shop.payment_in(buyer, payment_id, "canceled")
        assert voided["captured_amount"] == 0
        capture = await gateway.post(f"/api/payments/{payment_id}/capture", headers=buyer)
        assert capture.status_code == 409


class TestWaitingHoldsNoConnection:
    async def test_thirty_unknown_order_payments_leave_another_users_read_fast(self, shop, gateway):
        buyer = await shop.user()
        other = await shop.user()
        method = await shop.card(buyer)
        await gateway.get("/api/payments/wallet", headers=other)  # warm the path

        async def pay_unknown() -> Any:
            body = {
                "amount": 500,
                "currency": "USD",
                "payment_method_id": method,
                "order_id": str(uuid.uuid4()),
            }
            return await gateway.post("/api/payments", headers=buyer, json=body)

        waiting = asyncio.gather(*(pay_unknown() for _ in range(30)))
        await asyncio.sleep(0.5)  # every request is now waiting for its order
        durations = []
        for _ in range(5):
            started = time.monotonic()
            read = await gateway.get("/api/payments/wallet", headers=other)
            durations.append(time.monotonic() - started)
            assert read.status_code == 200, read.text
        responses = await waiting
        assert max(durations) < 1.0, durations
        assert all(r.status_code < 500 for r in responses)
        assert {r.json()["code"] for r in responses} == {"order_not_payable"}
