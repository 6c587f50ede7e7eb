"""The saga handlers, fed through the real inbox (InboxProcessor) with catalog and payments
events built by Envelope.wrap, as the other services would publish them."""

import asyncio
import datetime as dt
import uuid

from common.db import utcnow
from common.events.base import Envelope
from common.events.catalog import ReservedLine, StockReserved
from orders.service import saga as saga_service


class TestStockReserved:
    async def test_reserved_order_awaits_payment_with_the_catalogs_prices(self, shop):
        tea = await shop.product(price=250, name="Tea")
        order = await shop.place((tea, 2))
        await shop.reserve(order, prices={tea: 300})
        after = await shop.order(order["id"])
        assert after["status"] == "awaiting_payment"
        assert (after["total"], after["lines"][0]["unit_price"], after["lines"][0]["amount"]) == (
            600,
            300,
            600,
        )
        assert after["reservation_expires_at"] is not None
        (confirmed,) = await shop.events("orders.order.confirmed")
        assert confirmed.data == {
            "order_id": order["id"],
            "user_id": str(shop.buyer),
            "revision": 1,
            "total": 600,
            "currency": "USD",
            "lines": [
                {
                    "product_id": str(tea),
                    "seller_id": str(shop.seller),
                    "quantity": 2,
                    "unit_price": 300,
                    "amount": 600,
                    "name": after["lines"][0]["name"],
                }
            ],
        }
        assert confirmed.subject_user_ids == [shop.buyer, shop.seller]

    async def test_catalog_names_and_sellers_replace_the_read_models(self, shop):
        tea = await shop.product(name="Old name")
        order = await shop.place((tea, 1))
        real_seller = uuid.uuid4()
        line = {**order["lines"][0], "name": "Catalog name", "seller_id": str(real_seller)}
        await shop.reserve(order, lines=[line])
        after = await shop.order(order["id"])
        assert (after["lines"][0]["name"], after["lines"][0]["seller_id"]) == (
            "Catalog name",
            str(real_seller),
        )

    async def test_the_same_event_delivered_twice_applies_once(self, shop):
        tea = await shop.product()
        order = await shop.place((tea, 1))
        event = StockReserved(
            order_id=order["id"],
            user_id=order["user_id"],
            lines=[
                ReservedLine(
                    product_id=tea,
                    seller_id=shop.seller,
                    name="Tea",
                    quantity=1,
                    unit_price=1000,
                    currency="USD",
                )
            ],
            currency="USD",
            total=1000,
            expires_at=utcnow() + dt.timedelta(minutes=30),
        )
        body = Envelope.wrap(event).model_dump_json().encode()
        results = await asyncio.gather(*(shop.processor.process(body) for _ in range(5)))
        assert sorted(results) == [False] * 4 + [True]
        assert len(await shop.events("orders.order.confirmed")) == 1
        history = (await shop.order(order["id"]))["status_history"]
        assert [entry["status"] for entry in history] == ["pending", "awaiting_payment"]

    async def test_a_second_reservation_of_the_same_revision_is_ignored(self, shop):
        order = await shop.place((await shop.product(), 1))
        assert await shop.reserve(order)
        await shop.reserve(order)
        assert len(await shop.events("orders.order.confirmed")) == 1

    async def test_a_revision_the_order_never_had_is_ignored(self, shop):
        order = await shop.place((await shop.product(), 1))
        await shop.reserve(order, revision=7)
        assert (await shop.order(order["id"]))["status"] == "pending"

    async def test_reservation_for_a_cancelled_order_is_ignored(self, shop):
        order = await shop.place((await shop.product(), 1))
        await shop.client.post(f"/orders/{order['id']}/cancel", headers=shop.headers())
        await shop.reserve(order)
        assert (await shop.order(order["id"]))["status"] == "cancelled"
        assert await shop.events("orders.order.confirmed") == []


class TestStockRejected:
    async def test_rejected_order_records_the_reason_and_publishes_order_rejected(self, shop):
        tea = await shop.product()
        order = await shop.place((tea, 1))
        await shop.reject(order)
        after = await shop.order(order["id"])
        assert (after["status"], after["rejection_code"]) == ("rejected", "out_of_stock")
        assert after["rejection_reason"] == "Only 0 left of Product."
        (rejected,) = await shop.events("orders.order.rejected")
        assert rejected.data["code"] == "out_of_stock"
        assert rejected.data["product_id"] == str(tea)

    async def test_rejection_after_reservation_is_ignored(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        await shop.reject(order)
        assert (await shop.order(order["id"]))["status"] == "awaiting_payment"


class TestStockReleased:
    async def test_expired_reservation_cancels_an_unpaid_order(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        await shop.release(order)
        assert (await shop.order(order["id"]))["status"] == "cancelled"
        (cancelled,) = await shop.events("orders.order.cancelled")
        assert (cancelled.data["reason"], cancelled.data["was_paid"]) == ("expired", False)

    async def test_expiry_after_payment_changes_nothing(self, shop):
        order, _ = await shop.paid((await shop.product(), 1))
        await shop.release(order)
        assert (await shop.order(order["id"]))["status"] == "paid"

    async def test_release_after_our_own_cancel_is_only_an_acknowledgement(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        await shop.client.post(f"/orders/{order['id']}/cancel", headers=shop.headers())
        await shop.release(order, reason="cancelled")
        assert len(await shop.events("orders.order.cancelled")) == 1


class TestExpiryJob:
    async def test_job_cancels_expired_awaiting_orders_only(self, shop):
        tea = await shop.product()
        expired = await shop.place((tea, 1))
        await shop.reserve(expired, expires_in=dt.timedelta(seconds=-1))
        fresh = await shop.awaiting_payment((tea, 1))
        async with shop.sessionmaker.begin() as session:
            assert await saga_service.expire_reservations(session, now=utcnow(), limit=10) == 1
        assert (await shop.order(expired["id"]))["status"] == "cancelled"
        assert (await shop.order(fresh["id"]))["status"] == "awaiting_payment"
        (cancelled,) = await shop.events("orders.order.cancelled")
        assert (cancelled.data["order_id"], cancelled.data["reason"]) == (expired["id"], "expired")
        assert cancelled.subject_user_ids == [shop.buyer, shop.seller]

    async def test_concurrent_jobs_cancel_each_order_once(self, shop):
        tea = await shop.product()
        for _ in range(6):
            order = await shop.place((tea, 1))
            await shop.reserve(order, expires_in=dt.timedelta(seconds=-1))

        async def job() -> int:
            async with shop.sessionmaker.begin() as session:
                return await saga_service.expire_reservations(session, now=utcnow(), limit=2)

        done = 0
        while True:
            counts = await asyncio.gather(*(job() for _ in range(4)))
            done += sum(counts)
            if not any(counts):
                break
        assert done == 6
        assert len(await shop.events("orders.order.cancelled")) == 6

    async def test_a_paid_order_is_never_expired(self, shop):
        order = await shop.place((await shop.product(), 1))
        await shop.reserve(order, expires_in=dt.timedelta(seconds=-1))
        await shop.pay(await shop.order(order["id"]))
        async with shop.sessionmaker.begin() as session:
            assert await saga_service.expire_reservations(session, now=utcnow(), limit=10) == 0


class TestPayments:
    async def test_payment_succeeded_pays_the_order_and_publishes_order_paid(self, shop):
        order = await shop.awaiting_payment((await shop.product(price=700), 2))
        payment_id = await shop.pay(order)
        after = await shop.order(order["id"])
        assert (after["status"], after["payment_id"], after["paid_amount"]) == (
            "paid",
            str(payment_id),
            1400,
        )
        (paid,) = await shop.events("orders.order.paid")
        assert paid.data["payment_id"] == str(payment_id)
        assert paid.data["seller_ids"] == [str(shop.seller)]
        assert (paid.data["amount"], paid.data["currency"]) == (1400, "USD")

    async def test_payment_for_a_cancelled_order_changes_nothing_but_is_noted(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        await shop.release(order)
        payment_id = await shop.pay(order)
        after = await shop.order(order["id"])
        assert (after["status"], after["payment_id"]) == ("cancelled", None)
        assert str(payment_id) in after["status_history"][-1]["note"]
        assert await shop.events("orders.order.paid") == []
        (refused,) = await shop.events("orders.order.payment_refused")
        assert refused.data["payment_id"] == str(payment_id)

    async def test_payment_of_another_amount_is_refused(self, shop):
        order = await shop.awaiting_payment((await shop.product(price=500), 1))
        payment_id = await shop.pay(order, amount=400)
        after = await shop.order(order["id"])
        assert after["status"] == "awaiting_payment"
        assert "not applied" in after["status_history"][-1]["note"]
        (refused,) = await shop.events("orders.order.payment_refused")
        assert refused.data["payment_id"] == str(payment_id)
        assert "4.00 USD captured" in refused.data["reason"]

    async def test_a_short_capture_never_pays_the_order(self, shop):
        order = await shop.awaiting_payment((await shop.product(price=10000), 1))
        await shop.pay(order, amount=10000, captured=1)
        assert (await shop.order(order["id"]))["status"] == "awaiting_payment"
        assert await shop.events("orders.order.paid") == []
        assert len(await shop.events("orders.order.payment_refused")) == 1
        await shop.pay(order)
        assert (await shop.order(order["id"]))["status"] == "paid"

    async def test_payment_while_a_line_change_is_pending_is_not_applied(self, shop):
        tea, pot = await shop.product(), await shop.product()
        order = await shop.awaiting_payment((tea, 1))
        await shop.client.post(
            f"/orders/{order['id']}/items",
            json={"product_id": str(pot), "quantity": 1},
            headers=shop.headers(),
        )
        payment_id = await shop.pay(order)
        assert (await shop.order(order["id"]))["status"] == "pending"
        (refused,) = await shop.events("orders.order.payment_refused")
        assert (refused.data["payment_id"], refused.data["reason"]) == (
            str(payment_id),
            "the order is pending",
        )

    async def test_failed_payment_leaves_the_order_awaiting_payment_with_a_note(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        await shop.fail_payment(order)
        after = await shop.order(order["id"])
        assert after["status"] == "awaiting_payment"
        assert "card_declined" in after["status_history"][-1]["note"]
        await shop.pay(order)
        assert (await shop.order(order["id"]))["status"] == "paid"

    async def test_payment_without_an_order_or_for_an_unknown_one_is_ignored(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        assert await shop.pay({**order, "id": None})
        assert await shop.pay({**order, "id": str(uuid.uuid4())})
        assert (await shop.order(order["id"]))["status"] == "awaiting_payment"


class TestRefunds:
    async def test_partial_then_full_refund(self, shop):
        order, payment_id = await shop.paid((await shop.product(price=1000), 1))
        await shop.refund(order, payment_id, amount=300, total=300)
        after = await shop.order(order["id"])
        assert (after["status"], after["refunded_amount"]) == ("partially_refunded", 300)
        await shop.refund(order, payment_id, amount=700, total=1000)
        after = await shop.order(order["id"])
        assert (after["status"], after["refunded_amount"]) == ("refunded", 1000)

    async def test_full_refund_of_a_delivered_order(self, shop):
        order, payment_id = await shop.paid((await shop.product(price=1000), 1))
        for status in ("shipped", "delivered"):
            await shop.client.patch(
                f"/orders/{order['id']}/shipping",
                json={"status": status},
                headers=shop.seller_headers,
            )
        await shop.refund(order, payment_id, amount=1000, total=1000)
        assert (await shop.order(order["id"]))["status"] == "refunded"

    async def test_refund_of_a_cancelled_paid_order_is_noted_and_it_stays_cancelled(self, shop):
        order, payment_id = await shop.paid((await shop.product(price=1000), 1))
        await shop.client.post(f"/orders/{order['id']}/cancel", headers=shop.headers())
        await shop.refund(order, payment_id, amount=1000, total=1000)
        after = await shop.order(order["id"])
        assert (after["status"], after["refunded_amount"]) == ("cancelled", 1000)
        assert "Refunded 10.00 USD" in after["status_history"][-1]["note"]

    async def test_an_older_refund_report_arriving_late_is_ignored(self, shop):
        order, payment_id = await shop.paid((await shop.product(price=1000), 1))
        await shop.refund(order, payment_id, amount=1000, total=1000)
        await shop.refund(order, payment_id, amount=300, total=300)
        after = await shop.order(order["id"])
        assert (after["status"], after["refunded_amount"]) == ("refunded", 1000)
