"""Rate limits: login and password reset per client IP, everything else per caller."""

from __future__ import annotations

import uuid

import pytest

from gateway.ratelimit import RateLimiter


@pytest.fixture(scope="module")
async def limited(start_gateway):
    async with start_gateway(login_rate_limit_per_minute=3, rate_limit_per_minute=5) as client:
        yield client


class TestRateLimits:
    async def test_caller_over_the_limit_gets_429_with_retry_after(
        self, limited, token_factory, auth_upstream
    ):
        headers = token_factory.headers(uuid.uuid4())
        statuses = [
            (await limited.get("/api/orders/cart", headers=headers)).status_code for _ in range(5)
        ]
        assert statuses == [200] * 5
        rid = uuid.uuid4().hex
        response = await limited.get("/api/orders/cart", headers={**headers, "X-Request-ID": rid})
        assert response.status_code == 429
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "too_many_requests"
        assert 1 <= int(response.headers["retry-after"]) <= 12  # one token per 12 s at 5/min
        assert response.headers["x-request-id"] == rid
        assert auth_upstream.saw(rid) == []

    async def test_each_caller_has_its_own_budget(self, limited, token_factory):
        first, second = token_factory.headers(uuid.uuid4()), token_factory.headers(uuid.uuid4())
        for _ in range(5):
            await limited.get("/api/orders/cart", headers=first)
        assert (await limited.get("/api/orders/cart", headers=first)).status_code == 429
        assert (await limited.get("/api/orders/cart", headers=second)).status_code == 200

    @pytest.mark.parametrize(
        "path", ["/api/auth/token", "/api/auth/password-reset", "/api/auth/password-reset/confirm"]
    )
    async def test_login_class_routes_are_limited_per_ip(self, start_gateway, path):
        async with start_gateway(login_rate_limit_per_minute=3) as client:
            statuses = [(await client.post(path, json={})).status_code for _ in range(4)]
            # The login budget is separate from the general one.
            other = await client.get("/api/catalog/products")
        assert statuses == [200, 200, 200, 429]
        assert other.status_code == 200

    async def test_anonymous_callers_are_limited_per_ip(self, limited):
        statuses = [(await limited.get("/api/catalog/products")).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]


class TestTokenBucket:
    def test_refills_continuously(self):
        bucket = RateLimiter(60)  # one per second
        assert [bucket.hit("k", now=100.0) for _ in range(60)] == [0] * 60
        assert bucket.hit("k", now=100.0) == 1
        assert bucket.hit("k", now=101.0) == 0
        assert bucket.hit("k", now=101.0) == 1

    def test_retry_after_is_the_wait_for_one_token(self):
        bucket = RateLimiter(2)  # one per 30 s
        bucket.hit("k", now=0.0)
        bucket.hit("k", now=0.0)
        assert bucket.hit("k", now=0.0) == 30
        assert bucket.hit("k", now=20.0) == 10

    def test_zero_disables(self):
        bucket = RateLimiter(0)
        assert {bucket.hit("k") for _ in range(1000)} == {0}

    def test_key_table_stays_bounded(self):
        bucket = RateLimiter(10, max_keys=100)
        for index in range(1000):
            bucket.hit(f"k{index}", now=float(index))
        assert len(bucket._buckets) <= 100
