"""Deliveries to a real local receiver: signed headers, retries with the same webhook-id,
Retry-After, 410, redirects, timeouts, manual retries, and disabling a failing endpoint."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from standardwebhooks.webhooks import Webhook

from common.events.orders import OrderPaid
from common.testing import wait_for
from services.webhooks.tests.support import HANG, Answer, running
from webhooks.delivery.dispatcher import Dispatcher


def _paid(buyer):
    return OrderPaid(
        order_id=uuid.uuid4(),
        user_id=buyer,
        payment_id=uuid.uuid4(),
        amount=3000,
        currency="USD",
        seller_ids=[],
    )


async def _arrived(receiver, path, count=1, timeout=10.0):
    return await wait_for(
        lambda: _at_least(receiver.to(path), count), timeout=timeout, interval=0.02
    )


async def _at_least(items, count):
    return items if len(items) >= count else None


class TestSigned:
    async def test_a_delivery_verifies_with_the_endpoints_secret(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        (request,) = await _arrived(receiver, "/hooks")
        body = Webhook(endpoint["secret"]).verify(request.body, request.headers)
        assert body["type"] == "orders.order.paid"
        (delivery,) = await hooks.settled(1)
        assert request.headers["webhook-id"] == str(delivery.id)
        assert delivery.status == "succeeded"

    async def test_after_rotation_both_secrets_verify(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        rotated = await hooks.client.post(
            f"/endpoints/{endpoint['id']}/rotate-secret", headers=headers
        )
        await hooks.publish(_paid(ada), ada)
        (request,) = await _arrived(receiver, "/hooks")
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        for secret in (endpoint["secret"], rotated.json()["secret"]):
            Webhook(secret).verify(request.body, request.headers)

    async def test_the_test_event_is_sent_now(self, hooks, receiver, dispatcher):
        _, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        response = await hooks.client.post(f"/endpoints/{endpoint['id']}/test", headers=headers)
        assert response.status_code == 202
        (request,) = await _arrived(receiver, "/hooks")
        body = Webhook(endpoint["secret"]).verify(request.body, request.headers)
        assert body["type"] == "webhook.test"
        assert body["data"]["endpoint_id"] == endpoint["id"]
        assert request.headers["webhook-id"] == response.json()["id"]


class TestRetries:
    async def test_a_500_then_200_retries_once_with_the_same_webhook_id(
        self, hooks, receiver, dispatcher
    ):
        ada, headers = hooks.user()
        receiver.script("/hooks", Answer(500, "boom"))
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        first, second = await _arrived(receiver, "/hooks", 2)
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert first.body == second.body
        assert second.at - first.at >= 0.25  # the schedule's first delay (0.3 s, no jitter)
        await hooks.settled(1)
        (logged,) = await hooks.log(endpoint["id"], headers)
        assert logged["status"] == "succeeded"
        assert [a["status_code"] for a in logged["attempts"]] == [500, 200]
        assert logged["attempts"][0]["response_excerpt"] == "boom"
        assert all(a["duration_ms"] >= 0 for a in logged["attempts"])

    async def test_retry_after_is_honoured(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        receiver.script("/hooks", Answer(503, "busy", {"Retry-After": "2"}))
        await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        first, second = await _arrived(receiver, "/hooks", 2)
        assert second.at - first.at >= 1.9

    async def test_the_schedule_ends_in_failure(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        receiver.script("/hooks", *[Answer(500)] * 4)
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        (delivery,) = await hooks.settled(1)
        assert delivery.status == "failed"
        assert len(receiver.to("/hooks")) == 4  # the first attempt and three retries
        read = await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=headers)
        assert read.json()["failing_since"] is not None

    async def test_a_redirect_is_a_failure_and_never_followed(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        target = receiver.url("/internal")
        receiver.script("/hooks", Answer(302, "", {"Location": target}))
        await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        await _arrived(receiver, "/hooks", 2)
        assert receiver.to("/internal") == []
        (delivery,) = await hooks.settled(1)
        attempts = await hooks.log(delivery.endpoint_id, headers)
        assert attempts[0]["attempts"][0]["status_code"] == 302

    async def test_410_disables_the_endpoint_and_tells_its_owner(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        receiver.script("/hooks", Answer(410, "gone"))
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"), ["orders.*"])
        await hooks.publish(_paid(ada), ada)
        (delivery,) = await hooks.settled(1)
        assert delivery.status == "failed"
        read = await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=headers)
        assert (read.json()["status"], read.json()["disabled_reason"]) == ("disabled", "gone")
        (event,) = await hooks.events("webhooks.endpoint.disabled")
        assert event.subject_user_ids == [ada]
        assert event.data["reason"] == "gone"
        assert len(receiver.to("/hooks")) == 1


class TestManualRetry:
    async def test_same_id_and_body_with_a_fresh_signature(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        (first,) = await _arrived(receiver, "/hooks")
        (delivery,) = await hooks.settled(1)
        response = await hooks.client.post(f"/deliveries/{delivery.id}/retry", headers=headers)
        assert response.status_code == 202
        _, again = await _arrived(receiver, "/hooks", 2)
        assert again.headers["webhook-id"] == first.headers["webhook-id"]
        assert again.body == first.body
        Webhook(endpoint["secret"]).verify(again.body, again.headers)
        await hooks.settled(1)
        detail = await hooks.client.get(f"/deliveries/{delivery.id}", headers=headers)
        assert [a["trigger"] for a in detail.json()["attempts"]] == ["automatic", "manual"]
        assert detail.json()["payload"] == json.loads(first.body)

    async def test_a_failed_delivery_gets_one_more_attempt(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        receiver.script("/hooks", *[Answer(500)] * 5)
        await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        (delivery,) = await hooks.settled(1)
        assert delivery.status == "failed"
        await hooks.client.post(f"/deliveries/{delivery.id}/retry", headers=headers)
        await _arrived(receiver, "/hooks", 5)
        (after,) = await hooks.settled(1)
        assert (after.status, after.attempts) == ("failed", 5)

    async def test_others_get_404_and_a_disabled_endpoint_409(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        _, other = hooks.user()
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        (delivery,) = await hooks.settled(1)
        for method, path in (("GET", ""), ("POST", "/retry")):
            response = await hooks.client.request(
                method, f"/deliveries/{delivery.id}{path}", headers=other
            )
            assert response.status_code == 404
            assert response.json()["code"] == "delivery_not_found"
        await hooks.client.patch(
            f"/endpoints/{endpoint['id']}", json={"enabled": False}, headers=headers
        )
        response = await hooks.client.post(f"/deliveries/{delivery.id}/retry", headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "endpoint_disabled"


class TestSlowEndpoints:
    @pytest.fixture
    def settings_overrides(self):
        return {"delivery_timeout_seconds": 8.0, "dispatch_poll_seconds": 0.2}

    async def test_an_endpoint_that_never_answers_does_not_hold_up_1000_others(
        self, hooks, receiver, sessionmaker, settings
    ):
        slow_user, slow_headers = hooks.user()
        slow = await hooks.endpoint(slow_headers, receiver.url("/slow"), ["orders.*"])
        receiver.script("/slow", *[HANG] * 50)
        users = [hooks.user() for _ in range(10)]
        for _, headers in users:
            await hooks.endpoint(headers, receiver.url("/fast"), ["orders.*"])
        for _ in range(50):
            await hooks.publish(_paid(slow_user), slow_user)
        for _ in range(100):
            await hooks.publish(_paid(users[0][0]), *(user_id for user_id, _ in users))
        async with running(Dispatcher(sessionmaker, settings)):
            fast = await _arrived(receiver, "/fast", 1000, timeout=7.0)
            slow_deliveries = await hooks.deliveries(slow["id"])
        assert len(fast) == 1000
        # Every slow delivery was still waiting for its answer when the others were done;
        # the slow endpoint held only its own slots.
        assert all(d.attempts == 0 for d in slow_deliveries)
        assert len(receiver.to("/slow")) == settings.max_in_flight_per_endpoint


class TestFailingEndpoints:
    @pytest.fixture
    def settings_overrides(self):
        return {
            "retry_schedule_seconds": (0.3, 0.3, 0.3, 0.3, 0.3),
            "retry_jitter": 0.0,
            "disable_after_failing_seconds": 0.8,
            "dispatch_poll_seconds": 0.1,
        }

    async def test_failing_without_a_success_for_the_period_disables_it(
        self, hooks, receiver, dispatcher
    ):
        ada, headers = hooks.user()
        receiver.script("/hooks", *[Answer(500)] * 10)
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"), ["orders.*"])
        await hooks.publish(_paid(ada), ada)
        (event,) = await wait_for(lambda: hooks.events("webhooks.endpoint.disabled"))
        assert event.data["reason"] == "failing"
        assert event.data["endpoint_id"] == endpoint["id"]
        (delivery,) = await hooks.settled(1)
        assert delivery.status == "failed"
        read = await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=headers)
        assert read.json()["disabled_reason"] == "failing"
        assert len(receiver.to("/hooks")) < 6  # stopped before the schedule ran out

    async def test_a_success_ends_the_failing_streak(self, hooks, receiver, dispatcher):
        ada, headers = hooks.user()
        receiver.script("/hooks", Answer(500))
        endpoint = await hooks.endpoint(headers, receiver.url("/hooks"))
        await hooks.publish(_paid(ada), ada)
        await hooks.settled(1)
        read = await hooks.client.get(f"/endpoints/{endpoint['id']}", headers=headers)
        assert read.json()["failing_since"] is None
        assert read.json()["last_success_at"] is not None


class TestDestinationAtDelivery:
    async def test_the_guard_runs_again_on_each_delivery(
        self, hooks, receiver, sessionmaker, settings
    ):
        """Saved while loopback was allowed, then refused once it is not: the address is
        checked when sending, not only when saving (a name re-pointed later is caught)."""
        ada, headers = hooks.user()
        await hooks.endpoint(headers, f"http://localhost:{receiver.port}/hooks")
        await hooks.endpoint(headers, receiver.url("/literal"))
        await hooks.publish(_paid(ada), ada)
        strict = settings.model_copy(
            update={"allowed_networks": (), "retry_schedule_seconds": (0.1,)}
        )
        async with running(Dispatcher(sessionmaker, strict)):
            deliveries = await hooks.settled(2)
        assert receiver.requests == []
        for delivery in deliveries:
            assert delivery.status == "failed"
            assert "destination refused" in (delivery.last_error or "")
            assert "loopback" in (delivery.last_error or "")


class TestDeletedEndpoint:
    async def test_an_endpoint_deleted_during_an_attempt_does_not_block_the_log(
        self, hooks, receiver, dispatcher
    ):
        ada, headers = hooks.user()
        doomed = await hooks.endpoint(headers, receiver.url("/doomed"), ["orders.*"])
        await hooks.endpoint(headers, receiver.url("/hooks"), ["orders.*"])
        receiver.script("/doomed", HANG)
        await hooks.publish(_paid(ada), ada)
        await _arrived(receiver, "/doomed")
        deleted = await hooks.client.delete(f"/endpoints/{doomed['id']}", headers=headers)
        assert deleted.status_code == 204
        await hooks.publish(_paid(ada), ada)
        await _arrived(receiver, "/hooks", 2)
        survivors = await hooks.settled(2, timeout=15)
        # The hung attempt ends (timeout) after its delivery was deleted with the endpoint.
        await wait_for(lambda: _at_least([None] * dispatcher.sent, 3), timeout=10)
        await asyncio.sleep(0.3)
        assert dispatcher.record_failures == 0
        assert [d.status for d in survivors] == ["succeeded", "succeeded"]
