"""The payments worker killed after the acquirer charged but before the result was stored:
after a restart the payment resolves to succeeded exactly once, and the ledger balances."""

import asyncio
import uuid

import httpx
import pytest

from tests.e2e.platform import PORTS
from tests.e2e.shop import CARD, Shopper

pytestmark = pytest.mark.e2e
SANDBOX = f"http://127.0.0.1:{PORTS['sandbox']}"
SANDBOX_AUTH = {"Authorization": "Bearer sk_sandbox_dev"}


class TestWorkerCrash:
    async def test_charge_whose_answer_was_lost_settles_once(self, gateway, platform):
        shop = Shopper(gateway)
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=2, price=4200)
        order = await shop.order(buyer, product["id"], 1)
        await shop.order_in(buyer, order["id"], "awaiting_payment")
        card = (await gateway.post("/api/payments/methods", headers=buyer, json=CARD)).json()

        async with httpx.AsyncClient(base_url=SANDBOX, headers=SANDBOX_AUTH) as sandbox:
            behaviour = await sandbox.post(
                "/v1/test/behaviour", json={"drop_response_next": 1, "hang_ms": 4000}
            )
            assert behaviour.status_code == 200, behaviour.text
            try:
                payment = await gateway.post(
                    "/api/payments",
                    headers={**buyer, "Idempotency-Key": uuid.uuid4().hex},
                    json={
                        "amount": 4200,
                        "currency": "USD",
                        "payment_method_id": card["id"],
                        "order_id": order["id"],
                    },
                )
                assert payment.status_code == 202
                reference = payment.json()["id"]
                await shop.until(
                    lambda: sandbox.get("/v1/charges", params={"reference": reference}),
                    lambda charge: charge["status"] == "captured",
                )
                platform.restart("payments-worker")  # SIGKILL while it waits for the answer
            finally:
                await sandbox.delete("/v1/test/behaviour")

            settled = await shop.payment_in(buyer, reference, "succeeded", "failed")
            assert settled["status"] == "succeeded"
            await shop.order_in(buyer, order["id"], "paid")
            await asyncio.sleep(1.0)
            charge = (await sandbox.get("/v1/charges", params={"reference": reference})).json()
            assert charge["captured_amount"] == 4200

        succeeded = [t for t in settled["timeline"] if t["status"] == "succeeded"]
        assert len(succeeded) == 1
        admin = await shop.admin()
        check = (await gateway.get("/api/payments/ledger/balance-check", headers=admin)).json()
        assert check["ok"] is True
