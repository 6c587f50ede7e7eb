"""Webhooks through the gateway with real processes: endpoints registered, an order paid and
refunded, and each user's endpoint receiving exactly its own signed events."""

import asyncio
import uuid

import pytest
from standardwebhooks.webhooks import Webhook

from services.webhooks.tests.support import Receiver
from tests.e2e.shop import CARD, Shopper

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(gateway) -> Shopper:
    return Shopper(gateway)


@pytest.fixture
async def receiver():
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


async def _endpoint(gateway, headers, url, types):
    response = await gateway.post(
        "/api/webhooks/endpoints", headers=headers, json={"url": url, "event_types": types}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _received(receiver, path, secret, *types, timeout=20.0):
    """The verified bodies at ``path`` once every type in ``types`` has arrived."""
    for _ in range(int(timeout / 0.1)):
        bodies = [Webhook(secret).verify(r.body, r.headers) for r in receiver.to(path)]
        if set(types) <= {body["type"] for body in bodies}:
            return bodies
        await asyncio.sleep(0.1)
    raise AssertionError(f"{path}: got {[b['type'] for b in bodies]}, wanted {types}")


class TestWebhooks:
    async def test_each_user_receives_its_own_signed_events(self, shop, gateway, receiver):
        seller, other_seller = await shop.user("seller"), await shop.user("seller")
        buyer, other_buyer = await shop.user(), await shop.user()
        buyer_hook = await _endpoint(
            gateway, buyer, receiver.url("/buyer"), ["orders.*", "payments.*"]
        )
        seller_hook = await _endpoint(
            gateway,
            seller,
            receiver.url("/seller"),
            ["payments.payment.succeeded", "payments.refund.*"],
        )
        await _endpoint(gateway, other_seller, receiver.url("/other-seller"), ["*"])
        await _endpoint(gateway, other_buyer, receiver.url("/other-buyer"), ["*"])

        product = await shop.product(seller, stock=5, price=1500)
        order = await shop.order(buyer, product["id"], 2)
        order = await shop.order_in(buyer, order["id"], "awaiting_payment")
        card = (await gateway.post("/api/payments/methods", headers=buyer, json=CARD)).json()
        payment = await gateway.post(
            "/api/payments",
            headers={**buyer, "Idempotency-Key": uuid.uuid4().hex},
            json={
                "amount": 3000,
                "currency": "USD",
                "payment_method_id": card["id"],
                "order_id": order["id"],
            },
        )
        assert payment.status_code == 202, payment.text
        await shop.payment_in(buyer, payment.json()["id"], "succeeded")
        refund = await gateway.post(
            f"/api/payments/{payment.json()['id']}/refunds",
            headers={**seller, "Idempotency-Key": uuid.uuid4().hex},
            json={"amount": 1000},
        )
        assert refund.status_code in (200, 201, 202), refund.text

        bought = await _received(
            receiver,
            "/buyer",
            buyer_hook["secret"],
            "orders.order.placed",
            "orders.order.confirmed",
            "orders.order.paid",
            "payments.payment.succeeded",
            "payments.refund.succeeded",
        )
        assert all(b["data"].get("user_id") == order["user_id"] for b in bought)
        about_order = sorted(b["sequence"] for b in bought if b["data"].get("order_id"))
        assert about_order == list(range(1, len(about_order) + 1))
        sold = await _received(
            receiver,
            "/seller",
            seller_hook["secret"],
            "payments.payment.succeeded",
            "payments.refund.succeeded",
        )
        assert {b["data"]["payment_id"] for b in sold} == {payment.json()["id"]}
        await asyncio.sleep(0.5)
        assert receiver.to("/other-seller") == []
        assert receiver.to("/other-buyer") == []

        log = await gateway.get(
            f"/api/webhooks/endpoints/{buyer_hook['id']}/deliveries", headers=buyer
        )
        assert log.status_code == 200
        items = log.json()["items"]
        assert {item["status"] for item in items} == {"succeeded"}
        assert all(item["attempts"][0]["status_code"] == 200 for item in items)
        hidden = await gateway.get(
            f"/api/webhooks/endpoints/{buyer_hook['id']}/deliveries", headers=other_buyer
        )
        assert hidden.status_code == 404

    async def test_test_event_and_public_catalog(self, shop, gateway, receiver):
        user = await shop.user()
        hook = await _endpoint(gateway, user, receiver.url("/test"), ["orders.*"])
        sent = await gateway.post(f"/api/webhooks/endpoints/{hook['id']}/test", headers=user)
        assert sent.status_code == 202, sent.text
        (body,) = await _received(receiver, "/test", hook["secret"], "webhook.test")
        assert body["data"]["endpoint_id"] == hook["id"]
        catalog = await gateway.get("/api/webhooks/event-types")
        assert catalog.status_code == 200
        assert "orders.order.paid" in {item["type"] for item in catalog.json()["items"]}
        refused = await gateway.post(
            "/api/webhooks/endpoints",
            headers=user,
            json={"url": "http://169.254.169.254/latest", "event_types": ["*"]},
        )
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid_destination"
