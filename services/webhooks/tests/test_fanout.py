"""Fan-out: each event becomes one delivery per matching endpoint of the users it concerns,
never to anyone else, with the data a recipient may see and a per-resource sequence."""

from __future__ import annotations

import json
import uuid

from common.events.auth import UserDeleted, UserUpdated
from common.events.orders import ConfirmedLine, OrderConfirmed, OrderPaid, OrderShipped
from common.events.payments import PaymentSucceeded, RefundSucceeded

URL = "http://127.0.0.1:9/hooks"


def _paid(order_id, buyer, sellers):
    return OrderPaid(
        order_id=order_id,
        user_id=buyer,
        payment_id=uuid.uuid4(),
        amount=3000,
        currency="USD",
        seller_ids=sellers,
    )


def _payment(buyer, order_id=None):
    return PaymentSucceeded(
        payment_id=uuid.uuid4(),
        user_id=buyer,
        order_id=order_id,
        amount=3000,
        currency="USD",
        captured_amount=3000,
    )


def _body(delivery):
    return json.loads(delivery.payload)


class TestRecipients:
    async def test_a_buyer_receives_its_own_orders_events_only(self, hooks):
        ada, ada_headers = hooks.user()
        bob, bob_headers = hooks.user()
        seller = uuid.uuid4()
        ada_hook = await hooks.endpoint(ada_headers, URL, ["orders.*"])
        bob_hook = await hooks.endpoint(bob_headers, URL, ["orders.*"])
        order = uuid.uuid4()
        await hooks.publish(_paid(order, ada, [seller]), ada, seller)
        assert [d.event_type for d in await hooks.deliveries(ada_hook["id"])] == [
            "orders.order.paid"
        ]
        assert await hooks.deliveries(bob_hook["id"]) == []
        await hooks.publish(_paid(uuid.uuid4(), bob, [seller]), bob, seller)
        assert len(await hooks.deliveries(ada_hook["id"])) == 1
        assert len(await hooks.deliveries(bob_hook["id"])) == 1

    async def test_a_seller_receives_a_payment_for_its_own_sale_only(self, hooks):
        buyer = uuid.uuid4()
        sam, sam_headers = hooks.user("seller")
        _sue, sue_headers = hooks.user("seller")
        sam_hook = await hooks.endpoint(sam_headers, URL, ["payments.payment.succeeded"])
        sue_hook = await hooks.endpoint(sue_headers, URL, ["payments.payment.succeeded"])
        await hooks.publish(_payment(buyer, uuid.uuid4()), buyer, sam)
        assert len(await hooks.deliveries(sam_hook["id"])) == 1
        assert await hooks.deliveries(sue_hook["id"]) == []

    async def test_only_subscribed_types_are_delivered(self, hooks):
        ada, headers = hooks.user()
        exact = await hooks.endpoint(headers, URL, ["payments.refund.succeeded"])
        prefix = await hooks.endpoint(headers, URL, ["orders.order.*"])
        everything = await hooks.endpoint(headers, URL, ["*"])
        await hooks.publish(_paid(uuid.uuid4(), ada, []), ada)
        refund = RefundSucceeded(
            refund_id=uuid.uuid4(),
            payment_id=uuid.uuid4(),
            user_id=ada,
            amount=100,
            currency="USD",
            total_refunded=100,
            captured_amount=3000,
            fully_refunded=False,
        )
        await hooks.publish(refund, ada)
        assert [d.event_type for d in await hooks.deliveries(exact["id"])] == [
            "payments.refund.succeeded"
        ]
        assert [d.event_type for d in await hooks.deliveries(prefix["id"])] == ["orders.order.paid"]
        assert len(await hooks.deliveries(everything["id"])) == 2

    async def test_disabled_endpoints_receive_nothing(self, hooks):
        ada, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, URL)
        await hooks.client.patch(
            f"/endpoints/{endpoint['id']}", json={"enabled": False}, headers=headers
        )
        await hooks.publish(_paid(uuid.uuid4(), ada, []), ada)
        assert await hooks.deliveries() == []

    async def test_an_admin_endpoint_may_receive_every_users_events(self, hooks):
        ada = uuid.uuid4()
        _, admin = hooks.user("admin")
        everyone = await hooks.endpoint(admin, URL, ["orders.*"], all_users=True)
        own_only = await hooks.endpoint(admin, URL, ["orders.*"])
        await hooks.publish(_paid(uuid.uuid4(), ada, []), ada)
        assert len(await hooks.deliveries(everyone["id"])) == 1
        assert await hooks.deliveries(own_only["id"]) == []

    async def test_a_redelivered_event_makes_no_second_delivery(self, hooks):
        ada, headers = hooks.user()
        await hooks.endpoint(headers, URL)
        envelope = await hooks.publish(_paid(uuid.uuid4(), ada, []), ada)
        assert not await hooks.inbox.process(envelope.model_dump_json().encode())
        assert len(await hooks.deliveries()) == 1


class TestPayload:
    async def test_type_timestamp_data_and_sequence(self, hooks):
        ada, headers = hooks.user()
        await hooks.endpoint(headers, URL)
        event = _paid(uuid.uuid4(), ada, [])
        envelope = await hooks.publish(event, ada)
        (delivery,) = await hooks.deliveries()
        body = _body(delivery)
        assert body["type"] == "orders.order.paid"
        assert body["timestamp"] == envelope.occurred_at.isoformat().replace("+00:00", "Z")
        assert body["data"] == event.model_dump(mode="json")
        assert body["sequence"] == 1

    async def test_sequence_counts_per_resource(self, hooks):
        ada, headers = hooks.user()
        await hooks.endpoint(headers, URL)
        order, other = uuid.uuid4(), uuid.uuid4()
        await hooks.publish(_payment(ada, order), ada)
        await hooks.publish(_paid(order, ada, []), ada)
        await hooks.publish(_paid(other, ada, []), ada)
        await hooks.publish(OrderShipped(order_id=order, user_id=ada), ada)
        bodies = [_body(d) for d in await hooks.deliveries()]
        about_order = [b["sequence"] for b in bodies if b["data"]["order_id"] == str(order)]
        assert about_order == [1, 2, 3]
        assert [b["sequence"] for b in bodies if b["data"]["order_id"] == str(other)] == [1]

    async def test_a_seller_sees_its_own_lines_of_an_order_only(self, hooks):
        buyer, buyer_headers = hooks.user()
        sam, sam_headers = hooks.user("seller")
        sue = uuid.uuid4()
        await hooks.endpoint(buyer_headers, URL, ["orders.*"])
        sam_hook = await hooks.endpoint(sam_headers, URL, ["orders.*"])
        lines = [
            ConfirmedLine(product_id=uuid.uuid4(), seller_id=s, quantity=1, unit_price=a, amount=a)
            for s, a in ((sam, 1000), (sue, 2000))
        ]
        confirmed = OrderConfirmed(
            order_id=uuid.uuid4(), user_id=buyer, total=3000, currency="USD", lines=lines
        )
        await hooks.publish(confirmed, buyer, sam, sue)
        by_endpoint = {str(d.endpoint_id): _body(d) for d in await hooks.deliveries()}
        seller_lines = by_endpoint.pop(sam_hook["id"])["data"]["lines"]
        assert [line["seller_id"] for line in seller_lines] == [str(sam)]
        (buyer_body,) = by_endpoint.values()
        assert len(buyer_body["data"]["lines"]) == 2


class TestAccounts:
    async def test_a_demoted_admin_stops_receiving_every_users_events(self, hooks):
        admin_id, admin = hooks.user("admin")
        ada = uuid.uuid4()
        endpoint = await hooks.endpoint(admin, URL, ["orders.*"], all_users=True)
        demoted = UserUpdated(
            user_id=admin_id,
            email="a@example.com",
            username="a",
            role="buyer",
            is_active=True,
            email_verified=True,
        )
        await hooks.publish(demoted, admin_id)
        await hooks.publish(_paid(uuid.uuid4(), ada, []), ada)
        assert await hooks.deliveries(endpoint["id"]) == []
        read = await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=admin)
        assert read.json()["all_users"] is False

    async def test_a_deleted_users_endpoints_go_with_it(self, hooks):
        ada, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, URL)
        await hooks.publish(UserDeleted(user_id=ada), ada)
        assert (
            await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=headers)
        ).status_code == 404
        assert await hooks.deliveries() == []
