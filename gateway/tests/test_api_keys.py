"""API keys (Bearer sk_...): introspected at auth, exchanged for an access token, cached."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from common.revocation import (
    revocation_key,
    revoke_session,
    revoke_user_tokens,
    session_revocation_key,
)


@pytest.fixture
def api_key(auth_upstream):
    """A key auth knows, for a fresh seller."""
    key = f"sk_{uuid.uuid4().hex}"
    auth_upstream.api_keys[key] = {"user_id": uuid.uuid4(), "role": "seller", "expires_in": 900}
    yield key
    auth_upstream.api_keys.pop(key, None)


def _introspections(upstream, key: str) -> int:
    return upstream.introspections.count(key)


class TestApiKeys:
    async def test_key_is_exchanged_for_an_access_token(self, client, auth_upstream, api_key):
        response = await client.get(
            "/api/payments/payments", headers={"Authorization": f"Bearer {api_key}"}
        )
        assert response.status_code == 200
        forwarded = response.json()["headers"]["authorization"]
        assert forwarded.startswith("Bearer ey")
        assert api_key not in forwarded

    async def test_answer_is_cached(self, client, auth_upstream, api_key):
        headers = {"Authorization": f"Bearer {api_key}"}
        for _ in range(3):
            assert (await client.get("/api/payments/payments", headers=headers)).status_code == 200
        assert _introspections(auth_upstream, api_key) == 1

    async def test_concurrent_first_uses_introspect_once(self, client, auth_upstream, api_key):
        headers = {"Authorization": f"Bearer {api_key}"}
        responses = await asyncio.gather(
            *(client.get("/api/payments/payments", headers=headers) for _ in range(20))
        )
        assert {r.status_code for r in responses} == {200}
        assert _introspections(auth_upstream, api_key) == 1

    async def test_unknown_key_is_401_and_refusal_is_cached(self, client, auth_upstream):
        key = f"sk_{uuid.uuid4().hex}"
        for _ in range(3):
            rid = uuid.uuid4().hex
            response = await client.get(
                "/api/payments/payments",
                headers={"Authorization": f"Bearer {key}", "X-Request-ID": rid},
            )
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Bearer"
            assert auth_upstream.saw(rid) == []
        assert _introspections(auth_upstream, key) == 1

    async def test_refusal_cache_expires(self, start_gateway, auth_upstream):
        key = f"sk_{uuid.uuid4().hex}"
        headers = {"Authorization": f"Bearer {key}"}
        async with start_gateway(api_key_negative_cache_seconds=0.2) as client:
            assert (await client.get("/api/orders/cart", headers=headers)).status_code == 401
            auth_upstream.api_keys[key] = {
                "user_id": uuid.uuid4(),
                "role": "buyer",
                "expires_in": 900,
            }
            await asyncio.sleep(0.3)
            assert (await client.get("/api/orders/cart", headers=headers)).status_code == 200
        assert _introspections(auth_upstream, key) == 2

    async def test_never_cached_past_the_access_tokens_expiry(self, client, auth_upstream):
        key = f"sk_{uuid.uuid4().hex}"
        auth_upstream.api_keys[key] = {"user_id": uuid.uuid4(), "role": "buyer", "expires_in": 5}
        headers = {"Authorization": f"Bearer {key}"}
        for _ in range(2):
            assert (await client.get("/api/orders/cart", headers=headers)).status_code == 200
        assert _introspections(auth_upstream, key) == 2

    async def test_internal_token_refused_by_auth_is_503_not_cached(
        self, start_gateway, auth_upstream, api_key
    ):
        async with start_gateway(internal_token="not-the-right-one") as client:
            for _ in range(2):
                response = await client.get(
                    "/api/orders/cart", headers={"Authorization": f"Bearer {api_key}"}
                )
                assert response.status_code == 503
        assert _introspections(auth_upstream, api_key) == 2

    async def test_auth_service_down_is_503(self, start_gateway, down_url, api_key):
        async with start_gateway(auth_url=down_url) as client:
            response = await client.get(
                "/api/orders/cart", headers={"Authorization": f"Bearer {api_key}"}
            )
        assert response.status_code == 503
        assert response.json()["code"] == "dependency_unavailable"


class TestRevokedKeys:
    """A cached exchange is not trusted past a revocation: the key is introspected again."""

    async def test_deleted_key_is_refused_at_once(self, client, auth_upstream, redis):
        key, key_id = f"sk_{uuid.uuid4().hex}", uuid.uuid4()
        auth_upstream.api_keys[key] = {
            "user_id": uuid.uuid4(),
            "role": "seller",
            "expires_in": 900,
            "session_id": key_id,
        }
        headers = {"Authorization": f"Bearer {key}"}
        assert (await client.get("/api/payments/payments", headers=headers)).status_code == 200
        del auth_upstream.api_keys[key]  # DELETE /api-keys/{id} at auth...
        await revoke_session(redis, key_id, token_ttl_seconds=300)  # ...which revokes its sid
        try:
            await client.delete(f"/api/auth/api-keys/{key_id}", headers=headers)
            response = await client.get("/api/payments/payments", headers=headers)
            assert response.status_code == 401
            assert _introspections(auth_upstream, key) == 2
        finally:
            await redis.delete(session_revocation_key(key_id))

    async def test_a_password_change_gets_the_key_a_fresh_token(
        self, start_gateway, auth_upstream, redis, api_key
    ):
        user_id = auth_upstream.api_keys[api_key]["user_id"]
        headers = {"Authorization": f"Bearer {api_key}"}
        async with start_gateway(revocation_cache_seconds=0) as client:
            assert (await client.get("/api/payments/payments", headers=headers)).status_code == 200
            await revoke_user_tokens(redis, user_id, now=time.time(), token_ttl_seconds=900)
            await asyncio.sleep(0.01)  # the next token is issued after the revocation
            try:
                response = await client.get("/api/payments/payments", headers=headers)
                assert response.status_code == 200
                assert _introspections(auth_upstream, api_key) == 2
            finally:
                await redis.delete(revocation_key(user_id))
