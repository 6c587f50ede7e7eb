"""The worker under failure: lost answers, a worker killed mid-charge, stuck leases, provider
callbacks arriving in any order, and the real worker on the real broker."""

import asyncio
import json
import time
import uuid

import aio_pika
import pytest

from common.db import utcnow
from common.events.base import Envelope
from common.events.orders import OrderCancelled
from common.messaging.topology import declare_exchange
from common.testing import running_worker, wait_for
from payments.models import Payment
from payments.repository import jobs
from payments.worker import build_worker

FAST_LEASE = {"retry_base_seconds": 0.01, "processing_timeout_seconds": 0.3}


async def _succeeded_events(shop) -> int:
    return len(await shop.events("payments.payment.succeeded"))


class TestLostAnswers:
    async def test_charge_whose_answer_was_lost_is_found_by_status_check_not_charged_again(
        self, shop, provider
    ):
        _, headers = shop.user()
        provider.lose_answers = 1
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        await shop.process()
        assert (await shop.payment(payment.json()["id"])).status == "succeeded"
        assert provider.authorize_calls == 1
        assert provider.charge_count == 1
        assert await _succeeded_events(shop) == 1

    async def test_provider_down_then_up_is_retried_with_backoff(self, shop, provider):
        _, headers = shop.user()
        method = await shop.card(headers)
        provider.fail_next = 2
        payment = await shop.pay(headers, method, 1000)
        await shop.processor.process_due()
        stored = await shop.payment(payment.json()["id"])
        assert (stored.status, stored.attempts) == ("processing", 1)
        assert "provider_unavailable" in (stored.last_error or "")
        await shop.process()
        assert (await shop.payment(payment.json()["id"])).status == "succeeded"
        assert provider.charge_count == 1


class TestWorkerKilled:
    @pytest.fixture
    def settings_overrides(self):
        return FAST_LEASE

    async def test_worker_killed_after_the_charge_resolves_to_succeeded_exactly_once(
        self, shop, provider
    ):
        _, headers = shop.user()
        provider.kill_after_charge = 1
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        await shop.processor.process_due()  # charges, then "dies" before storing the result
        assert provider.charge_count == 1
        assert (await shop.payment(payment.json()["id"])).status == "processing"
        assert await shop.processor.process_due() == 0  # leased: nobody touches it meanwhile
        await asyncio.sleep(0.35)
        await shop.process()  # the restarted worker: lease over, status re-check first
        assert (await shop.payment(payment.json()["id"])).status == "succeeded"
        assert provider.authorize_calls == 1
        assert provider.charge_count == 1
        assert await _succeeded_events(shop) == 1
        assert (await shop.balance_check())["ok"] is True

    async def test_payment_claimed_by_a_worker_that_died_before_the_provider_is_charged_later(
        self, shop, provider, sessionmaker
    ):
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        async with sessionmaker.begin() as session:  # a worker claims it, then dies
            await jobs.claim_due(session, Payment, now=utcnow(), lease_until=utcnow(), limit=1)
        await shop.process()
        assert provider.status_calls == 1  # asked first: never seen, so submitted
        assert provider.charge_count == 1
        assert (await shop.payment(payment.json()["id"])).status == "succeeded"


class TestCallbacks:
    def _body(self, reference: str, charge_id: str = "ch_x") -> bytes:
        return json.dumps(
            {"reference": reference, "charge_id": charge_id, "event": "charge.updated"}
        ).encode()

    async def test_callback_settles_a_charged_payment_and_the_worker_result_is_then_ignored(
        self, client, shop, provider
    ):
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        payment_id = payment.json()["id"]
        stored = await shop.payment(payment_id)
        await provider.authorize(  # the provider charged; the worker has not stored it yet
            reference=payment_id, token=stored.card_token, amount=1000, currency="USD", capture=True
        )
        body = self._body(payment_id)
        response = await client.post(
            "/providers/sandbox/callback", content=body, headers=provider.signed(body)
        )
        assert response.status_code == 200
        assert response.json()["status"] == "succeeded"
        again = await client.post(
            "/providers/sandbox/callback", content=body, headers=provider.signed(body)
        )
        assert again.json()["status"] == "succeeded"
        await shop.process()
        assert provider.charge_count == 1
        assert await _succeeded_events(shop) == 1

    async def test_worker_callback_and_recheck_racing_settle_once(self, client, shop, provider):
        provider.latency = 0.05
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        body = self._body(payment.json()["id"])
        callbacks = [
            client.post("/providers/sandbox/callback", content=body, headers=provider.signed(body))
            for _ in range(5)
        ]
        await asyncio.gather(shop.process(), *callbacks)
        assert await _succeeded_events(shop) == 1
        timeline = (await shop.payment(payment.json()["id"])).timeline
        assert [step["status"] for step in timeline] == ["processing", "succeeded"]

    async def test_forged_callback_is_401(self, client, shop, provider):
        body = self._body(str(uuid.uuid4()))
        response = await client.post(
            "/providers/sandbox/callback",
            content=body,
            headers=provider.signed(body, secret="guess"),
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_callback_signature"

    async def test_replayed_callback_is_401(self, client, provider):
        body = self._body(str(uuid.uuid4()))
        old = provider.signed(body, at=time.time() - 3600)
        response = await client.post("/providers/sandbox/callback", content=body, headers=old)
        assert response.status_code == 401

    async def test_tampered_body_is_401(self, client, provider):
        headers = provider.signed(self._body(str(uuid.uuid4())))
        response = await client.post(
            "/providers/sandbox/callback", content=self._body(str(uuid.uuid4())), headers=headers
        )
        assert response.status_code == 401

    async def test_malformed_callback_is_400(self, client, provider):
        response = await client.post(
            "/providers/sandbox/callback", content=b"not json", headers=provider.signed(b"not json")
        )
        assert response.status_code == 400
        assert response.json()["code"] == "malformed_callback"

    async def test_unknown_provider_is_404(self, client, provider):
        body = self._body(str(uuid.uuid4()))
        response = await client.post(
            "/providers/acme/callback", content=body, headers=provider.signed(body)
        )
        assert response.status_code == 404
        assert response.json()["code"] == "provider_not_found"

    async def test_provider_down_during_recheck_is_503(self, client, shop, provider):
        _, headers = shop.user()
        payment = await shop.pay(headers, await shop.card(headers), 1000)
        body = self._body(payment.json()["id"])
        provider.fail_next = 1
        response = await client.post(
            "/providers/sandbox/callback", content=body, headers=provider.signed(body)
        )
        assert response.status_code == 503
        assert response.json()["code"] == "provider_unavailable"


class TestRealWorker:
    async def test_worker_charges_on_notify_and_refunds_a_cancelled_order_from_the_broker(
        self, settings, shop, provider
    ):
        buyer, headers = shop.user()
        order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 1000)])
        async with running_worker(build_worker(settings, provider=provider)):
            payment = await shop.pay(
                headers, await shop.card(headers), 1000, order_id=str(order_id)
            )
            payment_id = payment.json()["id"]

            async def succeeded():
                return (await shop.payment(payment_id)).status == "succeeded"

            await wait_for(succeeded, timeout=5)
            connection = await aio_pika.connect_robust(settings.amqp_url)
            async with connection:
                exchange = await declare_exchange(
                    await connection.channel(), settings.events_exchange
                )
                event = OrderCancelled(
                    order_id=order_id,
                    user_id=buyer,
                    reason="customer",
                    was_paid=True,
                    payment_id=uuid.UUID(payment_id),
                    amount=1000,
                    currency="USD",
                )
                await exchange.publish(
                    aio_pika.Message(Envelope.wrap(event).model_dump_json().encode()),
                    routing_key=event.routing_key,
                )

            async def refunded():
                return (await shop.payment(payment_id)).refunded_amount == 1000

            await wait_for(refunded, timeout=10)
        [refund] = await shop.events("payments.refund.succeeded")
        assert refund.data["fully_refunded"] is True
        assert provider.refund_calls == 1
