"""Errors, validation, pagination and operations endpoints every service inherits."""

import asyncio
import uuid

import pytest

from common.errors import Conflict, ServiceError
from common.pagination import decode_cursor, encode_cursor


class TestProblemJson:
    async def test_string_amount_is_422_with_errors(self, client, tokens):
        response = await client.post("/credits", json={"amount": "15"}, headers=tokens.headers())
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert body["errors"][0]["loc"] == ["body", "amount"]

    @pytest.mark.parametrize("amount", [15.5, 0, -3, True])
    async def test_non_integer_or_non_positive_amount_is_422(self, client, tokens, amount):
        response = await client.post("/credits", json={"amount": amount}, headers=tokens.headers())
        assert response.status_code == 422

    async def test_malformed_json_is_400(self, client, tokens):
        response = await client.post(
            "/credits",
            content=b"{not json",
            headers={**tokens.headers(), "content-type": "application/json"},
        )
        assert response.status_code == 400
        assert response.json()["code"] == "malformed_request"

    async def test_unknown_route_is_404_problem(self, client):
        response = await client.get("/nope")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    async def test_request_id_is_echoed_or_made(self, client):
        given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert given.headers["x-request-id"] == "abc-123"
        made = await client.get("/healthz")
        assert len(made.headers["x-request-id"]) == 32

    def test_error_code_is_the_class_name_in_snake_case(self):
        class RefundExceedsCapture(Conflict):
            pass

        assert RefundExceedsCapture.code() == "refund_exceeds_capture"
        assert RefundExceedsCapture.status_code == 409
        assert issubclass(RefundExceedsCapture, ServiceError)


class TestPagination:
    async def test_pages_are_newest_first_and_stable_under_inserts(self, client, tokens):
        headers = tokens.headers(uuid.uuid4())
        for amount in range(1, 8):
            await client.post("/credits", json={"amount": amount}, headers=headers)
        first = (await client.get("/credits?limit=3", headers=headers)).json()
        assert [c["amount"] for c in first["items"]] == [7, 6, 5]
        await client.post("/credits", json={"amount": 99}, headers=headers)
        second = (
            await client.get(f"/credits?limit=3&cursor={first['next_cursor']}", headers=headers)
        ).json()
        assert [c["amount"] for c in second["items"]] == [4, 3, 2]
        last = (
            await client.get(f"/credits?limit=3&cursor={second['next_cursor']}", headers=headers)
        ).json()
        assert [c["amount"] for c in last["items"]] == [1]
        assert last["next_cursor"] is None

    @pytest.mark.parametrize("query", ["limit=0", "limit=101", "cursor=%%%", "cursor=bm9wZQ"])
    async def test_bad_paging_is_422(self, client, tokens, query):
        response = await client.get(f"/credits?{query}", headers=tokens.headers())
        assert response.status_code == 422

    def test_cursor_round_trips(self):
        import datetime as dt

        at = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
        row_id = uuid.uuid4()
        assert decode_cursor(encode_cursor(at, row_id)) == (at, row_id)


class TestOperations:
    async def test_health_ready_metrics(self, client):
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": True, "broker": True}
        await client.get("/healthz")
        metrics = await client.get("/metrics")
        assert "http_requests_total" in metrics.text

    async def test_many_concurrent_requests_never_500(self, client, tokens):
        headers = tokens.headers()
        bodies = [{"amount": 1}, {"amount": "x"}, {}, {"amount": 10**16}, []]
        responses = await asyncio.gather(
            *(client.post("/credits", json=body, headers=headers) for body in bodies * 10)
        )
        assert all(r.status_code < 500 for r in responses)


class TestDatabaseOutage:
    async def test_unreachable_database_is_503_not_500(self, service_spec, tokens):
        from common.testing import app_client

        settings = service_spec.settings_cls(
            database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere", access_log=False
        )
        app = service_spec.app_factory(settings, key_provider=tokens.key_provider())
        async with app_client(app) as client:
            response = await client.post("/credits", json={"amount": 5}, headers=tokens.headers())
        assert response.status_code == 503
        assert response.json()["code"] == "database_unavailable"
        assert response.headers["retry-after"] == "1"
