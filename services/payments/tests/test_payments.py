"""Card payments: accepted as processing, charged by the worker, one per order, idempotent."""

import asyncio
import uuid

import pytest

from common.events.orders import OrderPlaced

SUCCESS, DECLINED = "4242424242424242", "4000000000000002"
INSUFFICIENT, PROCESSING_ERROR = "4000000000009995", "4000000000000119"


class TestTestCards:
    @pytest.mark.parametrize(
        ("number", "status", "failure_code"),
        [
            (SUCCESS, "succeeded", None),
            (DECLINED, "failed", "card_declined"),
            (INSUFFICIENT, "failed", "insufficient_funds"),
            (PROCESSING_ERROR, "failed", "processing_error"),
        ],
    )
    async def test_each_test_card_ends_in_its_outcome(
        self, client, shop, provider, settings, number, status, failure_code
    ):
        _, headers = shop.user()
        response = await shop.pay(headers, await shop.card(headers, number), 1500)
        assert response.status_code == 202
        assert response.json()["status"] == "processing"
        await shop.process()
        payment = (await client.get(f"/{response.json()['id']}", headers=headers)).json()
        assert (payment["status"], payment["failure_code"]) == (status, failure_code)
        assert [step["status"] for step in payment["timeline"]] == ["processing", status]
        if number == PROCESSING_ERROR:  # retried with backoff, then given up
            assert provider.authorize_calls == settings.max_attempts
            assert provider.charge_count == 0

    async def test_success_publishes_succeeded_with_order_and_metadata(self, shop):
        buyer, headers = shop.user()
        seller = uuid.uuid4()
        order_id = await shop.order(buyer, lines=[(seller, 1200), (seller, 300)])
        response = await shop.pay(
            headers, await shop.card(headers), 1500, order_id=str(order_id), metadata={"k": "v"}
        )
        await shop.process()
        [event] = await shop.events("payments.payment.succeeded")
        assert event.data["order_id"] == str(order_id)
        assert event.data["captured_amount"] == 1500
        assert event.data["method"] == "card"
        assert event.data["metadata"] == {"k": "v"}
        assert {str(buyer), str(seller)} == {str(u) for u in event.subject_user_ids}
        assert (await shop.payment(response.json()["id"])).status == "succeeded"

    async def test_decline_publishes_failed_with_its_code(self, shop):
        _, headers = shop.user()
        await shop.pay(headers, await shop.card(headers, DECLINED), 700)
        await shop.process()
        [event] = await shop.events("payments.payment.failed")
        assert event.data["failure_code"] == "card_declined"


class TestOrders:
    async def test_declined_payment_leaves_the_order_payable_and_the_buyer_can_retry(self, shop):
        buyer, headers = shop.user()
        order_id = str(await shop.order(buyer, lines=[(uuid.uuid4(), 999)]))
        declined = await shop.pay(
            headers, await shop.card(headers, DECLINED), 999, order_id=order_id
        )
        await shop.process()
        assert (await shop.payment(declined.json()["id"])).status == "failed"
        retry = await shop.pay(headers, await shop.card(headers), 999, order_id=order_id)
        assert retry.status_code == 202
        await shop.process()
        assert (await shop.payment(retry.json()["id"])).status == "succeeded"

    @pytest.mark.parametrize(("amount", "currency"), [(998, "USD"), (999, "EUR")])
    async def test_amount_or_currency_unlike_the_order_is_422(self, shop, amount, currency):
        buyer, headers = shop.user()
        order_id = str(await shop.order(buyer, lines=[(uuid.uuid4(), 999)]))
        method = await shop.card(headers)
        response = await shop.pay(headers, method, amount, order_id=order_id, currency=currency)
        assert response.status_code == 422
        assert response.json()["code"] == "amount_mismatch"

    async def test_another_buyers_order_is_404(self, shop):
        owner, _ = shop.user()
        _, headers = shop.user()
        order_id = str(await shop.order(owner, lines=[(uuid.uuid4(), 500)]))
        response = await shop.pay(headers, await shop.card(headers), 500, order_id=order_id)
        assert response.status_code == 404
        assert response.json()["code"] == "order_not_found"

    async def test_unknown_or_pending_order_is_409_not_payable(self, shop):
        buyer, headers = shop.user()
        method = await shop.card(headers)
        pending = uuid.uuid4()
        await shop.deliver(OrderPlaced(order_id=pending, user_id=buyer, currency="USD", lines=[]))
        for order_id in (uuid.uuid4(), pending):
            response = await shop.pay(headers, method, 500, order_id=str(order_id))
            assert response.status_code == 409
            assert response.json()["code"] == "order_not_payable"

    async def test_second_payment_while_one_is_processing_is_409(self, shop):
        buyer, headers = shop.user()
        order_id = str(await shop.order(buyer, lines=[(uuid.uuid4(), 500)]))
        method = await shop.card(headers)
        assert (await shop.pay(headers, method, 500, order_id=order_id)).status_code == 202
        second = await shop.pay(headers, method, 500, order_id=order_id)
        assert second.status_code == 409
        assert second.json()["code"] == "order_payment_in_progress"

    async def test_paid_order_cannot_be_paid_again(self, shop):
        buyer, headers = shop.user()
        order_id = str(await shop.order(buyer, lines=[(uuid.uuid4(), 500)]))
        method = await shop.card(headers)
        await shop.pay(headers, method, 500, order_id=order_id)
        await shop.process()
        again = await shop.pay(headers, method, 500, order_id=order_id)
        assert again.status_code == 409
        assert again.json()["code"] == "order_not_payable"

    async def test_concurrent_payments_for_one_order_charge_once(self, shop, provider):
        buyer, headers = shop.user()
        order_id = str(await shop.order(buyer, lines=[(uuid.uuid4(), 500)]))
        method = await shop.card(headers)
        deposit_headers = headers
        await shop.deposit(deposit_headers, 100, 100, 100, 100, 100)
        attempts = [shop.pay(headers, method, 500, order_id=order_id) for _ in range(10)]
        attempts += [shop.pay(headers, "wallet", 500, order_id=order_id) for _ in range(10)]
        responses = await asyncio.gather(*attempts)
        accepted = [r for r in responses if r.status_code in (201, 202)]
        assert len(accepted) == 1
        assert {r.status_code for r in responses} - {201, 202} == {409}
        await shop.process()
        assert len(await shop.events("payments.payment.succeeded")) == 1
        assert provider.charge_count <= 1


class TestIdempotency:
    async def test_twenty_concurrent_requests_with_one_key_make_one_payment_and_one_charge(
        self, shop, provider
    ):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "pay-once"}
        responses = await asyncio.gather(*(shop.pay(keyed, method, 2500) for _ in range(20)))
        assert {r.status_code for r in responses} == {202}
        assert len({r.content for r in responses}) == 1
        await shop.process()
        assert provider.charge_count == 1
        assert len(await shop.events("payments.payment.succeeded")) == 1

    async def test_without_a_key_two_identical_requests_are_two_payments(self, shop):
        _, headers = shop.user()
        method = await shop.card(headers)
        first, second = [await shop.pay(headers, method, 2500) for _ in range(2)]
        assert first.json()["id"] != second.json()["id"]

    async def test_same_key_other_body_is_422(self, shop):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "k"}
        await shop.pay(keyed, method, 100)
        response = await shop.pay(keyed, method, 200)
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"


class TestReading:
    async def test_buyer_cannot_read_another_buyers_payment(self, client, shop):
        _, owner = shop.user()
        _, other = shop.user()
        payment = await shop.pay(owner, await shop.card(owner), 100)
        response = await client.get(f"/{payment.json()['id']}", headers=other)
        assert response.status_code == 404
        assert response.json()["code"] == "payment_not_found"

    async def test_list_is_own_for_buyers_and_everyones_for_admins(self, client, shop):
        owner_id, owner = shop.user()
        _, other = shop.user()
        _, admin = shop.user("admin")
        mine = [(await shop.pay(owner, await shop.card(owner), 100)).json()["id"] for _ in range(3)]
        await shop.pay(other, await shop.card(other), 100)
        page = (await client.get("/?limit=2", headers=owner)).json()
        assert [p["id"] for p in page["items"]] == mine[::-1][:2]
        assert page["next_cursor"]
        everyone = (await client.get("/", headers=admin)).json()["items"]
        assert len(everyone) == 4
        one = (await client.get(f"/?user_id={owner_id}", headers=admin)).json()
        assert len(one["items"]) == 3
        await shop.process()
        failed = await client.get("/?status=failed", headers=admin)
        assert failed.json()["items"] == []

    async def test_unknown_method_is_404(self, shop):
        _, headers = shop.user()
        response = await shop.pay(headers, str(uuid.uuid4()), 100)
        assert response.status_code == 404
        assert response.json()["code"] == "payment_method_not_found"

    @pytest.mark.parametrize(
        "body",
        [
            {"amount": "15", "currency": "USD", "payment_method_id": "wallet"},
            {"amount": 15.5, "currency": "USD", "payment_method_id": "wallet"},
            {"amount": 0, "currency": "USD", "payment_method_id": "wallet"},
            {"amount": 15, "currency": "XXX", "payment_method_id": "wallet"},
            {"amount": 15, "currency": "USD", "payment_method_id": "cash"},
        ],
    )
    async def test_bad_input_is_422(self, client, tokens, body):
        response = await client.post("/", json=body, headers=tokens.headers())
        assert response.status_code == 422
