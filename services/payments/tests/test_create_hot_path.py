"""POST /api/payments for a card payment without an order: the key, its recorded response, the
payment and the workers' wake-up in one statement, with the same idempotency answers as every
other keyed route."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, text

from payments.repository.jobs import NOTIFY_CHANNEL


class RoundTrips:
    """Every statement sent to the database: SQLAlchemy's and those sent on the driver."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def reset(self) -> None:
        self.statements.clear()


@pytest.fixture
def round_trips(app: Any, client: Any) -> Iterator[RoundTrips]:
    seen = RoundTrips()
    engine = app.state.engine.sync_engine
    logged: set[int] = set()

    def on_statement(*args: Any) -> None:
        seen.statements.append(args[2])

    def on_checkout(dbapi_connection: Any, *_: Any) -> None:
        driver = dbapi_connection.driver_connection
        if id(driver) not in logged:  # BEGIN, COMMIT and what common.driver sends
            logged.add(id(driver))
            driver.add_query_logger(lambda record: seen.statements.append(record.query))

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine.pool, "checkout", on_checkout)
    yield seen
    event.remove(engine, "before_cursor_execute", on_statement)
    event.remove(engine.pool, "checkout", on_checkout)


class TestRoundTrips:
    async def test_a_keyed_card_payment_is_two_statements(self, shop, round_trips):
        _, headers = shop.user()
        method = await shop.card(headers)
        round_trips.reset()
        response = await shop.pay({**headers, "Idempotency-Key": "rt"}, method, 1000)
        assert response.status_code == 202, response.text
        # the caller's card, then the key + response + payment (+ NOTIFY) in one statement;
        # no BEGIN, no COMMIT
        assert len(round_trips.statements) == 2, round_trips.statements

    async def test_a_replay_is_three_statements(self, shop, round_trips):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "rt"}
        await shop.pay(keyed, method, 1000)
        round_trips.reset()
        again = await shop.pay(keyed, method, 1000)
        assert again.headers["Idempotent-Replayed"] == "true"
        assert len(round_trips.statements) == 3, round_trips.statements


class TestRecorded:
    async def test_payment_key_and_response_are_stored_together(self, shop, sessionmaker):
        buyer, headers = shop.user()
        method = await shop.card(headers)
        response = await shop.pay(
            {**headers, "Idempotency-Key": "k1"},
            method,
            1234,
            description="lamp",
            metadata={"order_ref": "A-1", "gift": True},
            capture="manual",
        )
        assert response.status_code == 202
        body = response.json()
        payment = await shop.payment(body["id"])
        assert (payment.status, payment.amount, payment.capture_method) == (
            "processing",
            1234,
            "manual",
        )
        assert (payment.card_brand, payment.card_last4) == (body["card_brand"], "4242")
        assert payment.card_token
        assert payment.metadata_ == {"order_ref": "A-1", "gift": True}
        assert payment.next_attempt_at is not None
        assert [entry["status"] for entry in payment.timeline] == ["processing"]
        async with sessionmaker() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT response_status, response_body FROM idempotency_key"
                        " WHERE caller = :caller AND key = 'k1'"
                    ),
                    {"caller": str(buyer)},
                )
            ).one()
        assert (row.response_status, bytes(row.response_body)) == (202, response.content)

    async def test_without_a_key_nothing_is_recorded(self, shop, sessionmaker):
        _, headers = shop.user()
        method = await shop.card(headers)
        response = await shop.pay(headers, method, 500)
        assert response.status_code == 202
        assert (await shop.payment(response.json()["id"])).status == "processing"
        async with sessionmaker() as session:
            assert await session.scalar(text("SELECT count(*) FROM idempotency_key")) == 0

    async def test_the_new_payment_wakes_the_workers(self, shop, settings):
        _, headers = shop.user()
        method = await shop.card(headers)
        url = settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
        listener = await asyncpg.connect(url)
        woken = asyncio.Event()
        await listener.add_listener(NOTIFY_CHANNEL, lambda *_: woken.set())
        try:
            response = await shop.pay({**headers, "Idempotency-Key": "wake"}, method, 700)
            assert response.status_code == 202
            await asyncio.wait_for(woken.wait(), 5)
        finally:
            await listener.close()

    async def test_the_worker_charges_it(self, shop, client, provider):
        _, headers = shop.user()
        method = await shop.card(headers)
        response = await shop.pay({**headers, "Idempotency-Key": "charge"}, method, 900)
        await shop.process()
        payment = (await client.get(f"/{response.json()['id']}", headers=headers)).json()
        assert payment["status"] == "succeeded"
        assert provider.charge_count == 1


class TestIdempotentAnswers:
    async def test_same_key_same_body_replays_the_first_answer(self, shop):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "same"}
        first = await shop.pay(keyed, method, 1000)
        again = await shop.pay(keyed, method, 1000)
        assert (again.status_code, again.content) == (202, first.content)
        assert again.headers["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first.headers

    async def test_same_key_other_body_is_422(self, shop):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "other"}
        await shop.pay(keyed, method, 1000)
        response = await shop.pay(keyed, method, 1001)
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"

    async def test_a_key_is_per_caller(self, shop):
        _, alice = shop.user()
        _, bob = shop.user()
        first = await shop.pay({**alice, "Idempotency-Key": "k"}, await shop.card(alice), 1000)
        second = await shop.pay({**bob, "Idempotency-Key": "k"}, await shop.card(bob), 1000)
        assert second.status_code == 202
        assert second.json()["id"] != first.json()["id"]

    async def test_a_retry_replays_after_the_card_was_deleted(self, shop, client):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "gone"}
        first = await shop.pay(keyed, method, 1000)
        assert (await client.delete(f"/methods/{method}", headers=headers)).status_code == 204
        again = await shop.pay(keyed, method, 1000)
        assert (again.status_code, again.content) == (202, first.content)
        fresh = await shop.pay({**headers, "Idempotency-Key": "new"}, method, 1000)
        assert fresh.status_code == 404

    async def test_an_unknown_card_leaves_no_key_behind(self, shop):
        _, headers = shop.user()
        keyed = {**headers, "Idempotency-Key": "retry-me"}
        missing = await shop.pay(keyed, str(uuid.uuid4()), 1000)
        assert missing.status_code == 404
        assert missing.json()["code"] == "payment_method_not_found"
        retried = await shop.pay(keyed, await shop.card(headers), 1000)
        assert retried.status_code == 202

    async def test_another_buyers_card_is_404(self, shop):
        _, alice = shop.user()
        _, bob = shop.user()
        response = await shop.pay(bob, await shop.card(alice), 1000)
        assert response.status_code == 404

    async def test_concurrent_requests_with_one_key_make_one_payment(self, shop, sessionmaker):
        _, headers = shop.user()
        method = await shop.card(headers)
        keyed = {**headers, "Idempotency-Key": "race"}
        responses = await asyncio.gather(*(shop.pay(keyed, method, 2500) for _ in range(10)))
        assert {r.status_code for r in responses} == {202}
        assert len({r.content for r in responses}) == 1
        async with sessionmaker() as session:
            assert await session.scalar(text("SELECT count(*) FROM payment")) == 1


class TestKeyHeldElsewhere:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, object]:
        return {"idempotency_wait_seconds": 0.3}

    async def test_a_key_claimed_by_a_running_request_is_409_then_free_after_its_rollback(
        self, shop, settings
    ):
        buyer, headers = shop.user()
        method = await shop.card(headers)
        url = settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
        holder = await asyncpg.connect(url)
        keyed = {**headers, "Idempotency-Key": "held"}
        try:
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute(
                "INSERT INTO idempotency_key (caller, key, request_hash) VALUES ($1, 'held', 'x')",
                str(buyer),
            )
            response = await shop.pay(keyed, method, 1000)
            assert response.status_code == 409
            assert response.json()["code"] == "idempotency_key_in_flight"
            await transaction.rollback()
        finally:
            await holder.close()
        assert (await shop.pay(keyed, method, 1000)).status_code == 202
