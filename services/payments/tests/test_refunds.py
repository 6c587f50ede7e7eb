"""Refunds: never more than captured (even 20 at once), nor past a seller's share (even with
both sellers at once); by the seller paid or an admin, never the payer; automatic when an
order is cancelled after (or while) being paid."""

import asyncio
import uuid

import pytest
from sqlalchemy import text


@pytest.fixture
def admin(shop) -> dict[str, str]:
    return shop.user("admin")[1]


async def _paid(shop, headers, amount=1000, **extra) -> str:
    response = await shop.pay(headers, await shop.card(headers), amount, **extra)
    await shop.process()
    return response.json()["id"]


async def _refund(client, payment_id, headers, **body):
    return await client.post(f"/{payment_id}/refunds", json=body, headers=headers)


class TestCardRefunds:
    async def test_default_refund_is_everything_left_and_is_sent_by_the_worker(
        self, client, shop, provider, admin
    ):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        response = await _refund(client, payment_id, admin, reason="changed my mind")
        assert response.status_code == 201
        assert (response.json()["amount"], response.json()["status"]) == (1000, "pending")
        await shop.process()
        refunds = (await client.get(f"/{payment_id}/refunds", headers=headers)).json()
        assert [r["status"] for r in refunds["items"]] == ["succeeded"]
        [event] = await shop.events("payments.refund.succeeded")
        assert event.data["total_refunded"] == event.data["captured_amount"] == 1000
        assert event.data["fully_refunded"] is True
        assert provider.charges[payment_id].refunded_amount == 1000
        detail = (await client.get(f"/{payment_id}", headers=headers)).json()
        assert detail["refunds"] == {
            "captured": 1000,
            "refunded": 1000,
            "pending": 0,
            "refundable": 0,
        }

    async def test_partial_refunds_add_up_to_the_captured_amount(self, client, shop, admin):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        assert (await _refund(client, payment_id, admin, amount=300)).status_code == 201
        assert (await _refund(client, payment_id, admin, amount=700)).status_code == 201
        over = await _refund(client, payment_id, admin, amount=1)
        assert over.status_code == 409
        assert over.json()["code"] == "refund_exceeds_captured"
        await shop.process()
        events = await shop.events("payments.refund.succeeded")
        assert [e.data["fully_refunded"] for e in events] == [False, True]
        assert (await shop.balance_check())["ok"] is True

    async def test_twenty_concurrent_refunds_never_exceed_the_captured_amount(
        self, client, shop, admin
    ):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers, amount=1000)
        responses = await asyncio.gather(
            *(_refund(client, payment_id, admin, amount=150) for _ in range(20))
        )
        assert sorted(r.status_code for r in responses) == [201] * 6 + [409] * 14
        await shop.process()
        payment = await shop.payment(payment_id)
        assert payment.refunded_amount == 900 <= payment.captured_amount
        assert (await shop.balance_check())["ok"] is True

    async def test_refund_declined_by_the_provider_fails_and_frees_the_amount(
        self, client, shop, provider, admin
    ):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        provider.charges[payment_id].refunded_amount = 1000  # refunded out of band
        await _refund(client, payment_id, admin)
        await shop.process()
        [event] = await shop.events("payments.refund.failed")
        assert event.data["failure_code"] == "refund_exceeds"
        detail = (await client.get(f"/{payment_id}", headers=headers)).json()
        assert detail["refunds"]["refundable"] == 1000

    async def test_refund_whose_answer_was_lost_is_resent_with_the_same_reference(
        self, client, shop, provider, admin
    ):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        await _refund(client, payment_id, admin)
        provider.fail_next = 2
        await shop.process()
        assert provider.refund_calls == 3
        assert provider.charges[payment_id].refunded_amount == 1000

    @pytest.mark.parametrize("amount", [0, -5])
    async def test_non_positive_amount_is_422(self, client, shop, amount, admin):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        response = await _refund(client, payment_id, admin, amount=amount)
        assert response.status_code == 422

    async def test_unsettled_payment_is_not_refundable(self, client, shop, admin):
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        response = await _refund(client, payment.json()["id"], admin)
        assert response.status_code == 409
        assert response.json()["code"] == "payment_not_refundable"

    async def test_same_key_replays_the_refund(self, client, shop, admin):
        _, headers = shop.user()
        payment_id = await _paid(shop, headers)
        keyed = {**admin, "Idempotency-Key": "refund-1"}
        first, again = [await _refund(client, payment_id, keyed, amount=100) for _ in range(2)]
        assert first.json() == again.json()
        assert again.headers["Idempotent-Replayed"] == "true"


class TestWho:
    async def test_the_payer_never_refunds_itself(self, client, shop):
        buyer, headers = shop.user()
        seller_id, _ = shop.user("seller")
        order_id = await shop.order(buyer, lines=[(seller_id, 1000)])
        for payment_id in (
            await _paid(shop, headers, order_id=str(order_id)),
            await _paid(shop, headers),
        ):
            response = await _refund(client, payment_id, headers, amount=100)
            assert response.status_code == 403
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "refund_forbidden"
            listed = await client.get(f"/{payment_id}/refunds", headers=headers)
            assert listed.status_code == 200

    async def test_outsiders_get_404(self, client, shop):
        buyer, headers = shop.user()
        seller_id, _ = shop.user("seller")
        _, other_seller = shop.user("seller")
        _, other_buyer = shop.user()
        order_id = await shop.order(buyer, lines=[(seller_id, 1000)])
        payment_id = await _paid(shop, headers, order_id=str(order_id))
        for outsider in (other_seller, other_buyer):
            response = await _refund(client, payment_id, outsider, amount=100)
            assert response.status_code == 404
            assert response.json()["code"] == "payment_not_found"
            listed = await client.get(f"/{payment_id}/refunds", headers=outsider)
            assert listed.status_code == 404

    async def test_a_payment_without_an_order_is_refunded_by_an_admin_only(
        self, client, shop, admin
    ):
        _, headers = shop.user()
        _, seller = shop.user("seller")
        payment_id = await _paid(shop, headers)
        assert (await _refund(client, payment_id, seller)).status_code == 404
        assert (await _refund(client, payment_id, admin, amount=100)).status_code == 201

    async def test_seller_refunds_up_to_its_own_share_and_admin_the_rest(self, client, shop, admin):
        buyer, headers = shop.user()
        first_id, first = shop.user("seller")
        second_id, second = shop.user("seller")
        order_id = await shop.order(buyer, lines=[(first_id, 700), (second_id, 300)])
        payment_id = await _paid(shop, headers, order_id=str(order_id))
        over = await _refund(client, payment_id, second, amount=301)
        assert (over.status_code, over.json()["code"]) == (409, "refund_exceeds_share")
        mine = await _refund(client, payment_id, second)  # default: all of its share
        assert (mine.status_code, mine.json()["amount"]) == (201, 300)
        again = await _refund(client, payment_id, second, amount=1)
        assert again.json()["code"] == "refund_exceeds_share"
        part = await _refund(client, payment_id, first, amount=200)
        assert part.status_code == 201
        rest = await _refund(client, payment_id, admin)
        assert rest.json()["amount"] == 500
        await shop.process()
        assert (await shop.payment(payment_id)).refunded_amount == 1000
        assert (await shop.balance_check())["ok"] is True

    async def test_a_seller_sees_only_its_part_of_the_payment_and_its_refunds(
        self, client, shop, admin
    ):
        buyer, headers = shop.user()
        first_id, first = shop.user("seller")
        second_id, second = shop.user("seller")
        order_id = await shop.order(buyer, lines=[(first_id, 700), (second_id, 300)])
        payment_id = await _paid(shop, headers, order_id=str(order_id))
        await _refund(client, payment_id, first, amount=100)
        await _refund(client, payment_id, admin, amount=500)  # by what is left: 333 and 167
        await shop.process()
        seen = (await client.get(f"/{payment_id}/refunds", headers=second)).json()["items"]
        assert [r["amount"] for r in seen] == [167]
        seen = (await client.get(f"/{payment_id}/refunds", headers=first)).json()["items"]
        assert sorted(r["amount"] for r in seen) == [100, 333]
        everything = (await client.get(f"/{payment_id}/refunds", headers=headers)).json()
        assert sorted(r["amount"] for r in everything["items"]) == [100, 500]
        detail = (await client.get(f"/{payment_id}", headers=second)).json()
        assert (detail["amount"], detail["captured_amount"], detail["refunded_amount"]) == (
            300,
            300,
            167,
        )
        assert detail["refunds"]["refundable"] == 133

    async def test_concurrent_refunds_of_two_sellers_never_exceed_either_share(
        self, client, shop, admin
    ):
        buyer, headers = shop.user()
        first_id, first = shop.user("seller")
        second_id, second = shop.user("seller")
        order_id = await shop.order(buyer, lines=[(first_id, 600), (second_id, 400)])
        payment_id = await _paid(shop, headers, order_id=str(order_id))
        attempts = [_refund(client, payment_id, first, amount=100) for _ in range(10)]
        attempts += [_refund(client, payment_id, second, amount=100) for _ in range(10)]
        attempts += [_refund(client, payment_id, admin, amount=50) for _ in range(4)]
        responses = await asyncio.gather(*attempts)
        assert {r.status_code for r in responses} <= {201, 409}
        await shop.process()
        async with shop.sessionmaker() as session:
            rows = await session.execute(
                text(
                    "SELECT s.seller_id, sum(s.amount) FROM refund_share s JOIN refund r"
                    " ON r.id = s.refund_id WHERE r.status = 'succeeded' AND s.payment_id = :p"
                    " GROUP BY s.seller_id"
                ),
                {"p": payment_id},
            )
            per_seller = dict(rows.tuples().all())
        assert per_seller[first_id] <= 600
        assert per_seller[second_id] <= 400
        assert sum(per_seller.values()) == (await shop.payment(payment_id)).refunded_amount
        assert (await shop.balance_check())["ok"] is True


class TestAutomaticRefunds:
    async def test_cancelled_paid_order_is_refunded_in_full_once(self, shop):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment_id = await _paid(shop, headers, order_id=str(order_id))
        await shop.cancel_order(order_id, buyer, payment_id=uuid.UUID(payment_id))
        await shop.cancel_order(order_id, buyer, payment_id=uuid.UUID(payment_id))  # again
        await shop.process()
        assert (await shop.payment(payment_id)).refunded_amount == 1000
        assert len(await shop.events("payments.refund.succeeded")) == 1

    async def test_payment_succeeding_for_an_already_cancelled_order_is_refunded(self, shop):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment = await shop.pay(headers, await shop.card(headers), 1000, order_id=str(order_id))
        await shop.cancel_order(order_id, buyer)  # before the worker charged the card
        await shop.process()
        stored = await shop.payment(payment.json()["id"])
        assert (stored.status, stored.refunded_amount) == ("succeeded", 1000)
        assert (await shop.balance_check())["ok"] is True

    async def test_cancelled_wallet_order_is_credited_back_at_once(self, client, shop):
        buyer, headers = shop.user()
        await shop.deposit(headers, 100, 100)
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 150)])
        paid = await shop.pay(headers, "wallet", 150, order_id=str(order_id))
        assert paid.json()["wallet_balance"] == 50
        await shop.cancel_order(order_id, buyer, payment_id=uuid.UUID(paid.json()["id"]))
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 200
