"""Endpoints through the API: the secret shown once, owner-only access, admins, validation."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import update

from webhooks.models import Delivery

URL = "http://127.0.0.1:9/hooks"


class TestCreate:
    async def test_create_returns_the_secret_once(self, hooks):
        _, headers = hooks.user()
        created = await hooks.endpoint(headers, URL, ["orders.*"], description="shop")
        assert created["secret"].startswith("whsec_")
        assert created["status"] == "enabled"
        assert created["event_types"] == ["orders.*"]
        read = await hooks.client.get(f"/endpoints/{created['id']}", headers=headers)
        assert read.status_code == 200
        assert "secret" not in read.json()
        listed = await hooks.client.get("/endpoints", headers=headers)
        assert all("secret" not in item for item in listed.json()["items"])

    async def test_unknown_event_type_is_422(self, hooks):
        _, headers = hooks.user()
        body = {"url": URL, "event_types": ["orders.order.eaten", "nothing.*"]}
        response = await hooks.client.post("/endpoints", json=body, headers=headers)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unknown_event_type"
        assert "orders.order.eaten" in response.json()["detail"]

    @pytest.mark.parametrize(
        "patterns", [["*"], ["orders.*"], ["orders.order.*"], ["payments.payment.succeeded"]]
    )
    async def test_wildcards_and_exact_types_are_accepted(self, hooks, patterns):
        _, headers = hooks.user()
        assert (await hooks.endpoint(headers, URL, patterns))["event_types"] == patterns

    async def test_without_token_is_401(self, hooks):
        response = await hooks.client.post("/endpoints", json={"url": URL, "event_types": ["*"]})
        assert response.status_code == 401

    @pytest.mark.parametrize(
        "body",
        [
            {"url": URL, "event_types": []},
            {"url": URL},
            {"event_types": ["*"]},
            {"url": URL, "event_types": ["*"], "colour": "red"},
            {"url": 5, "event_types": ["*"]},
            {"url": URL, "event_types": ["*"], "description": "nul\u0000byte"},
            {"url": URL, "event_types": ["orders.*\u0000"]},
        ],
    )
    async def test_malformed_bodies_are_422(self, hooks, body):
        _, headers = hooks.user()
        response = await hooks.client.post("/endpoints", json=body, headers=headers)
        assert response.status_code == 422
        # NUL characters are refused by the shared input guard before validation
        assert response.json()["code"] in {"validation_error", "invalid_text"}

    async def test_only_an_admin_may_receive_every_users_events(self, hooks):
        _, buyer = hooks.user()
        body = {"url": URL, "event_types": ["*"], "all_users": True}
        response = await hooks.client.post("/endpoints", json=body, headers=buyer)
        assert response.status_code == 403
        assert response.json()["code"] == "all_users_forbidden"
        _, admin = hooks.user("admin")
        assert (await hooks.endpoint(admin, URL, all_users=True))["all_users"] is True


class TestDestinations:
    @pytest.mark.parametrize(
        "url",
        [
            "ftp://127.0.0.1/hooks",
            "file:///etc/passwd",
            "gopher://127.0.0.1:70/",
            "javascript:alert(1)",
            "http:///no-host",
            "http://user:pass@127.0.0.1/hooks",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.5/hooks",
            "http://192.168.1.1/hooks",
            "http://172.16.0.1/hooks",
            "http://[fd00::1]/hooks",
            "http://[::ffff:127.0.0.1]/hooks",
            "http://2852039166/hooks",
            "http://100.64.0.1/hooks",
        ],
    )
    async def test_refused_destinations_are_422(self, hooks, url):
        _, headers = hooks.user()
        response = await hooks.client.post(
            "/endpoints", json={"url": url, "event_types": ["*"]}, headers=headers
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_destination"
        assert response.json()["errors"][0]["loc"] == ["body", "url"]

    async def test_a_changed_url_is_checked_too(self, hooks):
        _, headers = hooks.user()
        created = await hooks.endpoint(headers, URL)
        response = await hooks.client.patch(
            f"/endpoints/{created['id']}", json={"url": "http://0xa.1/"}, headers=headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_destination"


class TestOwnership:
    async def test_another_user_gets_404_everywhere(self, hooks):
        _, owner = hooks.user("seller")
        _, other = hooks.user("seller")
        endpoint_id = (await hooks.endpoint(owner, URL))["id"]
        calls = [
            ("GET", f"/endpoints/{endpoint_id}", None),
            ("PATCH", f"/endpoints/{endpoint_id}", {"description": "mine now"}),
            ("DELETE", f"/endpoints/{endpoint_id}", None),
            ("POST", f"/endpoints/{endpoint_id}/rotate-secret", None),
            ("POST", f"/endpoints/{endpoint_id}/test", None),
            ("GET", f"/endpoints/{endpoint_id}/deliveries", None),
        ]
        for method, path, body in calls:
            response = await hooks.client.request(method, path, json=body, headers=other)
            assert response.status_code == 404, (method, path)
            assert response.json()["code"] == "endpoint_not_found"
        listed = await hooks.client.get("/endpoints", headers=other)
        assert listed.json()["items"] == []
        still = await hooks.client.get(f"/endpoints/{endpoint_id}", headers=owner)
        assert still.json()["description"] == ""

    async def test_unknown_endpoint_is_404(self, hooks):
        _, headers = hooks.user()
        response = await hooks.client.get(f"/endpoints/{uuid.uuid4()}", headers=headers)
        assert response.status_code == 404

    async def test_admin_sees_and_manages_every_endpoint(self, hooks):
        ada, ada_headers = hooks.user()
        _, bob_headers = hooks.user()
        _, admin = hooks.user("admin")
        mine = await hooks.endpoint(ada_headers, URL)
        await hooks.endpoint(bob_headers, URL)
        every = await hooks.client.get("/endpoints", headers=admin)
        assert len(every.json()["items"]) == 2
        only_ada = await hooks.client.get(f"/endpoints?user_id={ada}", headers=admin)
        assert [item["id"] for item in only_ada.json()["items"]] == [mine["id"]]
        patched = await hooks.client.patch(
            f"/endpoints/{mine['id']}", json={"enabled": False}, headers=admin
        )
        assert patched.json()["status"] == "disabled"
        deleted = await hooks.client.delete(f"/endpoints/{mine['id']}", headers=admin)
        assert deleted.status_code == 204

    async def test_a_user_filter_is_ignored_for_non_admins(self, hooks):
        ada, _ = hooks.user()
        _, bob = hooks.user()
        _, ada_headers = ada, hooks.tokens.headers(ada)
        await hooks.endpoint(ada_headers, URL)
        response = await hooks.client.get(f"/endpoints?user_id={ada}", headers=bob)
        assert response.json()["items"] == []


class TestManage:
    async def test_update_disable_enable_and_delete(self, hooks):
        _, headers = hooks.user()
        endpoint_id = (await hooks.endpoint(headers, URL, ["orders.*"]))["id"]
        changed = await hooks.client.patch(
            f"/endpoints/{endpoint_id}",
            json={"event_types": ["payments.*"], "description": "pay", "enabled": False},
            headers=headers,
        )
        assert changed.status_code == 200
        body = changed.json()
        assert (body["event_types"], body["description"], body["status"]) == (
            ["payments.*"],
            "pay",
            "disabled",
        )
        assert body["disabled_reason"] == "manual"
        disabled = await hooks.client.get("/endpoints?status=disabled", headers=headers)
        assert [item["id"] for item in disabled.json()["items"]] == [endpoint_id]
        enabled = await hooks.client.get("/endpoints?status=enabled", headers=headers)
        assert enabled.json()["items"] == []
        again = await hooks.client.patch(
            f"/endpoints/{endpoint_id}", json={"enabled": True}, headers=headers
        )
        assert again.json()["status"] == "enabled"
        assert again.json()["disabled_reason"] is None
        assert (
            await hooks.client.delete(f"/endpoints/{endpoint_id}", headers=headers)
        ).status_code == 204
        gone = await hooks.client.get(f"/endpoints/{endpoint_id}", headers=headers)
        assert gone.status_code == 404

    async def test_list_pages_newest_first(self, hooks):
        _, headers = hooks.user()
        ids = [(await hooks.endpoint(headers, URL))["id"] for _ in range(3)]
        first = await hooks.client.get("/endpoints?limit=2", headers=headers)
        cursor = first.json()["next_cursor"]
        second = await hooks.client.get(f"/endpoints?limit=2&cursor={cursor}", headers=headers)
        seen = [i["id"] for i in first.json()["items"] + second.json()["items"]]
        assert seen == list(reversed(ids))
        assert second.json()["next_cursor"] is None

    async def test_rotation_returns_a_new_secret_and_keeps_the_old_for_a_day(self, hooks):
        _, headers = hooks.user()
        created = await hooks.endpoint(headers, URL)
        response = await hooks.client.post(
            f"/endpoints/{created['id']}/rotate-secret", headers=headers
        )
        assert response.status_code == 200
        rotated = response.json()
        assert rotated["secret"].startswith("whsec_")
        assert rotated["secret"] != created["secret"]
        assert rotated["previous_secret_expires_at"] is not None


class TestEventTypes:
    async def test_the_catalog_is_public_with_json_schemas(self, hooks):
        response = await hooks.client.get("/event-types")
        assert response.status_code == 200
        types = {item["type"]: item for item in response.json()["items"]}
        assert {"orders.order.paid", "payments.payment.succeeded", "webhook.test"} <= set(types)
        assert "webhooks.endpoint.disabled" in types
        schema = types["payments.payment.succeeded"]["schema"]
        assert schema["properties"]["payment_id"]["format"] == "uuid"
        assert "captured_amount" in schema["required"]


class TestConflicts:
    async def test_a_test_event_to_a_disabled_endpoint_is_409(self, hooks):
        _, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, URL)
        await hooks.client.patch(
            f"/endpoints/{endpoint['id']}", json={"enabled": False}, headers=headers
        )
        response = await hooks.client.post(f"/endpoints/{endpoint['id']}/test", headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "endpoint_disabled"

    async def test_retrying_a_delivery_being_attempted_is_409(self, hooks, sessionmaker):
        _, headers = hooks.user()
        endpoint = await hooks.endpoint(headers, URL)
        sent = await hooks.client.post(f"/endpoints/{endpoint['id']}/test", headers=headers)
        async with sessionmaker.begin() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == uuid.UUID(sent.json()["id"]))
                .values(claimed_until=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
            )
        response = await hooks.client.post(
            f"/deliveries/{sent.json()['id']}/retry", headers=headers
        )
        assert response.status_code == 409
        assert response.json()["code"] == "delivery_in_flight"
