"""A payment the order cannot take is given back at once and the order stays payable for its
real total; waiting for an order's confirmation holds no database connection."""

import asyncio
import time
import uuid

from common.events.orders import ConfirmedLine, OrderConfirmed, OrderPaymentRefused


async def _refuse(shop, order_id, buyer, payment_id, reason="the order is pending"):
    await shop.deliver(
        OrderPaymentRefused(
            order_id=order_id, user_id=buyer, payment_id=uuid.UUID(payment_id), reason=reason
        )
    )


class TestRefusedPayments:
    async def test_a_refused_card_payment_is_refunded_at_once_and_frees_the_order(
        self, shop, provider
    ):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment = await shop.pay(headers, await shop.card(headers), 1000, order_id=str(order_id))
        await shop.process()
        payment_id = payment.json()["id"]
        await _refuse(shop, order_id, buyer, payment_id)
        await _refuse(shop, order_id, buyer, payment_id)  # redelivered: refunded once
        await shop.process()
        stored = await shop.payment(payment_id)
        assert (stored.refunded_amount, stored.refused_by_order_at is not None) == (1000, True)
        assert provider.charges[payment_id].refunded_amount == 1000
        assert len(await shop.events("payments.refund.succeeded")) == 1
        again = await shop.pay(headers, await shop.card(headers), 1000, order_id=str(order_id))
        assert again.status_code == 202, again.text
        assert (await shop.balance_check())["ok"] is True

    async def test_a_refused_wallet_payment_is_credited_back(self, client, shop):
        buyer, headers = shop.user()
        await shop.deposit(headers, 100, 100)
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 150)])
        paid = await shop.pay(headers, "wallet", 150, order_id=str(order_id))
        await _refuse(shop, order_id, buyer, paid.json()["id"])
        assert (await client.get("/wallet", headers=headers)).json()["balance"] == 200

    async def test_a_refusal_naming_another_orders_payment_changes_nothing(self, shop):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        payment = await shop.pay(headers, await shop.card(headers), 1000, order_id=str(order_id))
        await shop.process()
        await _refuse(shop, uuid.uuid4(), buyer, payment.json()["id"])
        assert (await shop.payment(payment.json()["id"])).refunded_amount == 0


class TestWaitingForConfirmation:
    async def test_payments_waiting_for_unknown_orders_hold_no_connection(self, app, shop):
        buyer, headers = shop.user()
        method = await shop.card(headers)
        order_id = uuid.uuid4()
        seller = uuid.uuid4()
        unknown = [shop.pay(headers, method, 500, order_id=str(uuid.uuid4())) for _ in range(12)]
        waiting = asyncio.gather(shop.pay(headers, method, 500, order_id=str(order_id)), *unknown)
        await asyncio.sleep(0.4)
        for _ in range(10):  # thirteen waiting requests: at most the poller's one query at a time
            assert app.state.engine.pool.checkedout() <= 1
            await asyncio.sleep(0.02)
        started = time.monotonic()
        wallet = await shop.client.get("/wallet", headers=headers)
        assert wallet.status_code == 200
        assert time.monotonic() - started < 0.5
        product = uuid.uuid4()
        await shop.deliver(
            OrderConfirmed(
                order_id=order_id,
                user_id=buyer,
                total=500,
                currency="USD",
                lines=[
                    ConfirmedLine(
                        product_id=product, seller_id=seller, quantity=1, unit_price=500, amount=500
                    )
                ],
            )
        )
        confirmed, *refused = await waiting
        assert confirmed.status_code == 202, confirmed.text
        assert {r.status_code for r in refused} == {409}
        assert {r.json()["code"] for r in refused} == {"order_not_payable"}
