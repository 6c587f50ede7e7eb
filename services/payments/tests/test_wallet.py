"""The buyer's wallet: coin deposits, payments that settle at once, and the reset in coins."""

import asyncio
import uuid

import pytest


class TestDeposit:
    async def test_new_wallet_is_empty_in_the_wallet_currency(self, client, shop):
        _, headers = shop.user()
        assert (await client.get("/wallet", headers=headers)).json() == {
            "balance": 0,
            "currency": "USD",
        }

    async def test_each_accepted_coin_adds_to_the_balance(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 5, 10, 20, 50, 100)
        response = await client.post("/wallet/deposit", json={"amount": 5}, headers=headers)
        assert response.json() == {"balance": 190, "currency": "USD", "deposited": 5}

    @pytest.mark.parametrize("coin", [1, 2, 25, 200, 0, -5])
    async def test_other_coins_are_422(self, client, shop, coin):
        _, headers = shop.user()
        response = await client.post("/wallet/deposit", json={"coin": coin}, headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_coin"

    @pytest.mark.parametrize(
        "body", [{"coin": "5"}, {"coin": 5.0}, {}, {"coin": 5, "amount": 5}, {"coins": 5}]
    )
    async def test_malformed_deposits_are_422(self, client, shop, body):
        _, headers = shop.user()
        response = await client.post("/wallet/deposit", json=body, headers=headers)
        assert response.status_code == 422

    async def test_deposit_with_a_key_happens_once(self, client, shop):
        _, headers = shop.user()
        keyed = {**headers, "Idempotency-Key": "coin-1"}
        for _ in range(3):
            await client.post("/wallet/deposit", json={"coin": 50}, headers=keyed)
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 50

    async def test_sellers_have_no_wallet(self, client, shop):
        _, seller = shop.user("seller")
        for method, path, body in [
            ("GET", "/wallet", None),
            ("POST", "/wallet/deposit", {"coin": 5}),
            ("POST", "/wallet/reset", None),
        ]:
            response = await client.request(method, path, json=body, headers=seller)
            assert response.status_code == 403
            assert response.json()["code"] == "wallet_forbidden"
        response = await shop.pay(seller, "wallet", 5)
        assert response.status_code == 403

    async def test_each_buyer_sees_only_their_wallet(self, client, shop):
        _, mine = shop.user()
        _, theirs = shop.user()
        await shop.deposit(mine, 100)
        assert (await client.get("/wallet", headers=theirs)).json()["balance"] == 0


class TestWalletPayments:
    async def test_payment_settles_at_once_with_spent_and_balance(self, shop):
        buyer, headers = shop.user()
        await shop.deposit(headers, 100, 100, 50)
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 180)])
        response = await shop.pay(headers, "wallet", 180, order_id=str(order_id))
        assert response.status_code == 201
        body = response.json()
        assert (body["status"], body["spent"], body["wallet_balance"]) == ("succeeded", 180, 70)
        assert body["method"] == "wallet"
        [event] = await shop.events("payments.payment.succeeded")
        assert event.data["method"] == "wallet"
        assert (await shop.balance_check())["ok"] is True

    async def test_insufficient_balance_is_409_and_nothing_moves(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 50)
        response = await shop.pay(headers, "wallet", 60)
        assert response.status_code == 409
        assert response.json()["code"] == "insufficient_funds"
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 50

    async def test_twenty_concurrent_payments_never_overdraw(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 100, 100, 100)
        responses = await asyncio.gather(*(shop.pay(headers, "wallet", 70) for _ in range(20)))
        assert sorted(r.status_code for r in responses) == [201] * 4 + [409] * 16
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 20
        assert (await shop.balance_check())["ok"] is True

    async def test_other_currency_is_422(self, shop):
        _, headers = shop.user()
        response = await shop.pay(headers, "wallet", 5, currency="EUR")
        assert response.status_code == 422
        assert response.json()["code"] == "currency_mismatch"

    async def test_manual_capture_is_422(self, shop):
        _, headers = shop.user()
        response = await shop.pay(headers, "wallet", 5, capture="manual")
        assert response.status_code == 422
        assert response.json()["code"] == "wallet_capture_is_immediate"

    async def test_wallet_refund_credits_the_wallet_at_once(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 100)
        payment = await shop.pay(headers, "wallet", 99)
        _, admin = shop.user("admin")  # a payment without an order pays the platform
        refund = await client.post(
            f"/{payment.json()['id']}/refunds", json={"amount": 40}, headers=admin
        )
        assert (refund.status_code, refund.json()["status"]) == (201, "succeeded")
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 41


class TestReset:
    async def test_reset_pays_out_in_the_fewest_coins(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 100, 100, 50, 20, 20, 10, 5)
        response = await client.post("/wallet/reset", headers=headers)
        assert response.json() == {
            "refunded": 305,
            "coins": {"100": 3, "50": 0, "20": 0, "10": 0, "5": 1},
            "remaining": 0,
        }
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 0
        assert (await shop.balance_check())["ok"] is True

    async def test_what_no_coin_can_pay_stays_in_the_wallet(self, client, shop):
        _, headers = shop.user()
        await shop.deposit(headers, 50)
        await shop.pay(headers, "wallet", 13)
        response = await client.post("/wallet/reset", headers=headers)
        assert response.json() == {
            "refunded": 35,
            "coins": {"100": 0, "50": 0, "20": 1, "10": 1, "5": 1},
            "remaining": 2,
        }
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 2

    async def test_reset_of_an_empty_wallet_pays_nothing(self, client, shop):
        _, headers = shop.user()
        response = await client.post("/wallet/reset", headers=headers)
        assert response.json()["refunded"] == 0
