"""Recurring payments through the gateway with the real processes: seed 000's jobs (add a card,
subscribe, see charges, terminate; an admin sees all), a hard decline and a new card, three
worker replicas over 1,000 due subscriptions, and a worker killed mid-charge."""

import asyncio
import datetime as dt
import uuid

import asyncpg
import pytest

from tests.e2e.shop import CARD, Shopper

pytestmark = pytest.mark.e2e
STOLEN = {**CARD, "number": "4000000000009979"}


def _dsn(platform, prefix: str) -> str:
    return platform.database_url(prefix).replace("postgresql+asyncpg://", "postgresql://")


async def _card(gateway, user, card=CARD) -> str:
    response = await gateway.post("/api/payments/methods", headers=user, json=card)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _subscribe(gateway, user, card_id: str, **extra) -> dict:
    body = {
        "item": "Coffee beans",
        "item_id": "beans-1kg",
        "amount": 2500,
        "currency": "USD",
        "frequency": "monthly",
        "payment_method_id": card_id,
        **extra,
    }
    headers = {**user, "Idempotency-Key": uuid.uuid4().hex}
    response = await gateway.post("/api/billing/subscriptions", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _charges(shop, user, sub_id: str, ready) -> list:
    body = await shop.until(
        lambda: shop.gateway.get(f"/api/billing/subscriptions/{sub_id}/charges", headers=user),
        lambda page: ready(page["items"]),
    )
    return list(body["items"])


class TestRecurringPayments:
    async def test_subscribe_see_charges_terminate_and_the_admin_sees_all(self, gateway):
        shop = Shopper(gateway)
        buyer, other = await shop.user(), await shop.user()
        card = await _card(gateway, buyer)
        sub = await _subscribe(gateway, buyer, card)
        (charge,) = await _charges(
            shop, buyer, sub["id"], lambda items: items and items[0]["status"] == "succeeded"
        )
        assert (charge["amount"], charge["currency"], charge["period"]) == (2500, "USD", 0)
        payment = await gateway.get(f"/api/payments/{charge['payment_id']}", headers=buyer)
        assert payment.json()["status"] == "succeeded"
        read = await gateway.get(f"/api/billing/subscriptions/{sub['id']}", headers=buyer)
        assert read.json()["current_period"]["index"] == 0

        refused = await gateway.post(
            "/api/billing/subscriptions",
            headers=other,
            json={**{k: sub[k] for k in ("item", "item_id", "amount", "currency")},
                  "frequency": "monthly", "payment_method_id": card},
        )  # fmt: skip
        assert refused.status_code == 422
        assert refused.json()["code"] == "payment_method_not_found"
        internal = await gateway.get(f"/api/payments/internal/users/x/payment-methods/{card}")
        assert internal.status_code in (401, 404)

        cancelled = await gateway.post(
            f"/api/billing/subscriptions/{sub['id']}/cancel", headers=buyer, json={}
        )
        assert cancelled.json()["status"] == "cancelled"
        admin = await shop.admin()
        everyone = await gateway.get("/api/billing/subscriptions?limit=100", headers=admin)
        assert sub["id"] in {s["id"] for s in everyone.json()["items"]}
        charges = await gateway.get("/api/billing/charges?limit=100", headers=admin)
        assert charge["id"] in {c["id"] for c in charges.json()["items"]}
        own = await gateway.get("/api/billing/charges", headers=other)
        assert own.json()["items"] == []

    async def test_a_hard_decline_is_past_due_until_a_new_card_pays(self, gateway):
        shop = Shopper(gateway)
        buyer = await shop.user()
        sub = await _subscribe(gateway, buyer, await _card(gateway, buyer, STOLEN))
        await shop.until(
            lambda: gateway.get(f"/api/billing/subscriptions/{sub['id']}", headers=buyer),
            lambda body: body["status"] == "past_due",
        )
        changed = await gateway.patch(
            f"/api/billing/subscriptions/{sub['id']}",
            headers=buyer,
            json={"payment_method_id": await _card(gateway, buyer)},
        )
        assert changed.status_code == 200, changed.text
        (charge,) = await _charges(
            shop, buyer, sub["id"], lambda items: items and items[0]["status"] == "succeeded"
        )
        assert (charge["attempts"], charge["failure_code"]) == (2, None)


async def _due_subscriptions(platform, user_id: str, card_id: str, count: int) -> None:
    """``count`` monthly subscriptions due now, written in bulk (as the benchmark does)."""
    conn = await _connect(_dsn(platform, "BILLING"))
    try:
        await conn.execute(
            "INSERT INTO subscription (id, user_id, item, item_id, amount, currency, frequency,"
            " payment_method_id, status, anchor_at, period, next_charge_at,"
            " cancel_at_period_end) SELECT gen_random_uuid(), $1, 'bulk', 'bulk', 100, 'USD',"
            " 'monthly', $2, 'active', now(), 0, now(), false FROM generate_series(1, $3)",
            uuid.UUID(user_id),
            uuid.UUID(card_id),
            count,
        )
        await conn.execute("SELECT pg_notify('billing_due', '')")
    finally:
        await conn.close()


async def _connect(dsn: str) -> asyncpg.Connection:
    """A connection, waiting while PostgreSQL is full (other suites share the server)."""
    for _ in range(60):
        try:
            return await asyncpg.connect(dsn)
        except asyncpg.TooManyConnectionsError:
            await asyncio.sleep(0.5)
    return await asyncpg.connect(dsn)


async def _count(dsn: str, query: str, *args) -> int:
    conn = await _connect(dsn)
    try:
        return int(await conn.fetchval(query, *args))
    finally:
        await conn.close()


async def _user_id(gateway, user) -> str:
    return str((await gateway.get("/api/auth/me", headers=user)).json()["id"])


class TestReplicas:
    @pytest.mark.timeout(600)
    async def test_three_workers_charge_1000_due_subscriptions_exactly_once(
        self, gateway, platform
    ):
        shop = Shopper(gateway)
        buyer = await shop.user()
        user_id, card = await _user_id(gateway, buyer), await _card(gateway, buyer)
        platform.spawn("billing-worker-2", "billing-worker")
        platform.spawn("billing-worker-3", "billing-worker")
        billing, payments = _dsn(platform, "BILLING"), _dsn(platform, "PAYMENTS")
        try:
            await asyncio.sleep(2)  # the replicas start listening
            await _due_subscriptions(platform, user_id, card, 1000)
            conn = await _connect(billing)
            try:
                for _ in range(1000):
                    done = await conn.fetchval(
                        "SELECT count(*) FROM charge WHERE user_id = $1 AND status = 'succeeded'",
                        uuid.UUID(user_id),
                    )
                    if done >= 1000:
                        break
                    await asyncio.sleep(0.5)
            finally:
                await conn.close()
            await asyncio.sleep(2)
        finally:
            platform.kill("billing-worker-2")
            platform.kill("billing-worker-3")
        charges = await _count(
            billing, "SELECT count(*) FROM charge WHERE user_id = $1", uuid.UUID(user_id)
        )
        periods = await _count(
            billing,
            "SELECT count(DISTINCT (subscription_id, period)) FROM charge WHERE user_id = $1",
            uuid.UUID(user_id),
        )
        paid = await _count(
            payments,
            "SELECT count(*) FROM payment WHERE user_id = $1 AND metadata ? 'billing_charge_id'",
            uuid.UUID(user_id),
        )
        assert (charges, periods, paid) == (1000, 1000, 1000)


class TestCrash:
    async def test_a_worker_killed_mid_charge_leaves_one_payment_and_one_charge(
        self, gateway, platform
    ):
        shop = Shopper(gateway)
        buyer = await shop.user()
        card = await _card(gateway, buyer)
        start = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
        sub = await _subscribe(gateway, buyer, card, start_at=start.isoformat())
        billing = _dsn(platform, "BILLING")
        for _ in range(400):  # the charge is requested: kill before its result is recorded
            if await _count(
                billing,
                "SELECT count(*) FROM charge WHERE subscription_id = $1",
                uuid.UUID(sub["id"]),
            ):
                break
            await asyncio.sleep(0.01)
        platform.restart("billing-worker")
        (charge,) = await _charges(
            shop, buyer, sub["id"], lambda items: items and items[0]["status"] == "succeeded"
        )
        await asyncio.sleep(1.5)
        assert len(await _charges(shop, buyer, sub["id"], lambda items: True)) == 1
        paid = await _count(
            _dsn(platform, "PAYMENTS"),
            "SELECT count(*) FROM payment WHERE metadata->>'billing_charge_id' = $1",
            charge["id"],
        )
        assert paid == 1
