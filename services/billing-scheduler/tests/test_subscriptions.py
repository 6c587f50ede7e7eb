"""The subscriptions API: create (validated, idempotent, own card only), read, list, cancel,
pause, resume, change the card; and the test clock."""

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from billing.main import create_app
from billing.models import Subscription
from common.db import utcnow
from common.testing import app_client


async def _count(billing) -> int:
    async with billing.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Subscription)) or 0)


class TestCreate:
    @pytest.mark.parametrize("frequency", ["daily", "weekly", "monthly", "yearly"])
    async def test_each_frequency_subscribes_and_is_charged_at_once(self, billing, frequency):
        sub = await billing.subscribe(frequency=frequency)
        assert sub["status"] == "active"
        assert sub["frequency"] == frequency
        assert sub["current_period"] is None
        assert await billing.tick() == 1
        (request,) = await billing.requested()
        assert str(request.subscription_id) == sub["id"]
        assert (request.amount, request.currency, request.period) == (1999, "USD", 0)
        assert str(request.payment_method_id) == sub["payment_method_id"]
        await billing.pay(request)
        read = await billing.client.get(f"/subscriptions/{sub['id']}", headers=billing.headers())
        body = read.json()
        assert body["current_period"]["index"] == 0
        next_at = dt.datetime.fromisoformat(body["next_charge_at"])
        assert next_at == dt.datetime.fromisoformat(body["current_period"]["end"])
        assert next_at > dt.datetime.fromisoformat(body["current_period"]["start"])

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("amount", 19.99),
            ("amount", "1999"),
            ("amount", 0),
            ("amount", -5),
            ("currency", "ABC"),
            ("currency", "usd1"),
            ("frequency", "hourly"),
            ("start_at", "next tuesday"),
            ("start_at", "2027-01-01T00:00:00"),
            ("start_at", "9999-12-31T23:59:59Z"),
            ("payment_method_id", "not-a-uuid"),
            ("item", ""),
        ],
    )
    async def test_bad_input_is_422_and_creates_nothing(self, billing, field, value):
        response = await billing.client.post(
            "/subscriptions",
            json={
                "item": "Gym",
                "item_id": "gym-1",
                "amount": 1999,
                "currency": "USD",
                "frequency": "monthly",
                "payment_method_id": str(billing.card),
                field: value,
            },
            headers=billing.headers(),
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert await _count(billing) == 0

    @pytest.mark.parametrize("missing", ["item", "amount", "currency", "frequency"])
    async def test_a_missing_field_is_422(self, billing, missing):
        body = {
            "item": "Gym",
            "item_id": "gym-1",
            "amount": 1999,
            "currency": "USD",
            "frequency": "monthly",
            "payment_method_id": str(billing.card),
        }
        del body[missing]
        response = await billing.client.post("/subscriptions", json=body, headers=billing.headers())
        assert response.status_code == 422
        assert await _count(billing) == 0

    async def test_another_users_card_is_refused_like_an_unknown_one(self, billing):
        someone_elses = billing.new_card(uuid.uuid4())
        theirs = await billing.subscribe(expect=422, payment_method_id=str(someone_elses))
        unknown = await billing.subscribe(expect=422, payment_method_id=str(uuid.uuid4()))
        assert theirs["code"] == unknown["code"] == "payment_method_not_found"
        assert theirs["detail"] == unknown["detail"]
        assert await _count(billing) == 0

    async def test_the_same_idempotency_key_creates_one_subscription(self, billing):
        body = {
            "item": "Gym",
            "item_id": "gym-1",
            "amount": 1999,
            "currency": "USD",
            "frequency": "monthly",
            "payment_method_id": str(billing.card),
        }
        headers = {**billing.headers(), "Idempotency-Key": "sub-1"}
        first, second = await asyncio.gather(
            *(billing.client.post("/subscriptions", json=body, headers=headers) for _ in range(2))
        )
        statuses = sorted([first.status_code, second.status_code])
        assert statuses in ([201, 201], [201, 409])
        again = await billing.client.post("/subscriptions", json=body, headers=headers)
        assert again.status_code == 201
        assert again.json()["id"] in {first.json().get("id"), second.json().get("id")}
        assert await _count(billing) == 1
        changed = await billing.client.post(
            "/subscriptions", json={**body, "amount": 5}, headers=headers
        )
        assert changed.status_code == 422

    async def test_start_at_in_the_past_is_allowed_within_the_catch_up_limit(self, billing):
        recent = utcnow() - dt.timedelta(days=3)
        sub = await billing.subscribe(start_at=recent.isoformat(), frequency="daily")
        assert sub["next_charge_at"].startswith(recent.date().isoformat())
        too_old = utcnow() - dt.timedelta(days=billing.settings.catch_up_limit_days + 1)
        problem = await billing.subscribe(expect=422, start_at=too_old.isoformat())
        assert problem["code"] == "start_too_far_in_past"

    async def test_a_future_start_is_not_charged_before_it(self, billing):
        await billing.subscribe(start_at=(utcnow() + dt.timedelta(days=2)).isoformat())
        assert await billing.tick() == 0
        assert await billing.requested() == []


class TestRead:
    async def test_users_see_their_own_and_admins_see_all(self, billing):
        mine = await billing.subscribe()
        other = uuid.uuid4()
        billing.card = billing.new_card(other)
        theirs = await billing.subscribe(_user=other)
        listed = await billing.client.get("/subscriptions", headers=billing.headers())
        assert [s["id"] for s in listed.json()["items"]] == [mine["id"]]
        hidden = await billing.client.get(
            f"/subscriptions/{theirs['id']}", headers=billing.headers()
        )
        assert hidden.status_code == 404
        assert hidden.json()["code"] == "subscription_not_found"
        everyone = await billing.client.get("/subscriptions", headers=billing.admin_headers())
        assert {s["id"] for s in everyone.json()["items"]} == {mine["id"], theirs["id"]}
        one = await billing.client.get(
            f"/subscriptions?user_id={other}", headers=billing.admin_headers()
        )
        assert [s["id"] for s in one.json()["items"]] == [theirs["id"]]

    async def test_without_a_token_it_is_401(self, billing):
        assert (await billing.client.get("/subscriptions")).status_code == 401


class TestLifecycle:
    async def _post(self, billing, sub, action, json=None):
        return await billing.client.post(
            f"/subscriptions/{sub['id']}/{action}", json=json, headers=billing.headers()
        )

    async def test_a_cancelled_subscription_is_never_charged_and_cannot_pause(self, billing):
        sub = await billing.subscribe(start_at=(utcnow() + dt.timedelta(seconds=1)).isoformat())
        cancelled = await self._post(billing, sub, "cancel")
        assert cancelled.json()["status"] == "cancelled"
        again = await self._post(billing, sub, "cancel")
        assert again.status_code == 200
        for action in ("pause", "resume"):
            response = await self._post(billing, sub, action)
            assert response.status_code == 409
            assert response.json()["code"] == "subscription_terminated"
        await billing.set_clock(utcnow() + dt.timedelta(days=40))
        assert await billing.tick() == 0
        assert await billing.requested() == []

    async def test_pause_then_resume(self, billing):
        sub = await billing.subscribe(start_at=(utcnow() + dt.timedelta(hours=1)).isoformat())
        paused = await self._post(billing, sub, "pause")
        assert paused.json()["status"] == "paused"
        assert paused.json()["next_charge_at"] is None
        resumed = await self._post(billing, sub, "resume")
        assert resumed.json()["status"] == "active"
        assert resumed.json()["next_charge_at"] is not None

    async def test_another_users_subscription_is_404_for_every_action(self, billing):
        sub = await billing.subscribe()
        stranger = billing.headers(uuid.uuid4())
        for action in ("cancel", "pause", "resume"):
            response = await billing.client.post(
                f"/subscriptions/{sub['id']}/{action}", headers=stranger
            )
            assert response.status_code == 404

    async def test_changing_to_someone_elses_card_is_refused(self, billing):
        sub = await billing.subscribe()
        response = await billing.client.patch(
            f"/subscriptions/{sub['id']}",
            json={"payment_method_id": str(billing.new_card(uuid.uuid4()))},
            headers=billing.headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "payment_method_not_found"


class TestTestClock:
    async def test_the_clock_moves_forward_only(self, billing):
        later = utcnow() + dt.timedelta(days=10)
        await billing.set_clock(later)
        response = await billing.client.post(
            "/test-clock",
            json={"now": (later - dt.timedelta(days=1)).isoformat()},
            headers=billing.admin_headers(),
        )
        assert response.status_code == 409
        assert response.json()["code"] == "clock_cannot_go_back"

    async def test_only_admins_move_it(self, billing):
        response = await billing.client.post(
            "/test-clock", json={"now": utcnow().isoformat()}, headers=billing.headers()
        )
        assert response.status_code == 403

    async def test_production_has_no_test_clock(self, billing, settings, tokens):
        production = settings.model_copy(update={"environment": "production"})
        async with app_client(create_app(production, key_provider=tokens.key_provider())) as c:
            response = await c.post(
                "/test-clock",
                json={"now": (utcnow() + dt.timedelta(days=1)).isoformat()},
                headers=billing.admin_headers(),
            )
        assert response.status_code == 404
